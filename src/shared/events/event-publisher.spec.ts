import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventPublisher } from './event-publisher';
import { SigningEventMap } from './event-map';

const completed: SigningEventMap['signing.process.completed'] = {
  eventId: 'e-1',
  occurredAt: '2026-11-28T00:00:00.000Z',
  processId: 'p-1',
  externalId: 'ERP-1',
  clientName: 'erp',
  completedAt: '2026-11-28T00:00:00.000Z',
};

describe('EventPublisher', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('delivers the payload to listeners of that name and waits for async listeners', async () => {
    const emitter = new EventEmitter2();
    const seen: unknown[] = [];
    emitter.on('signing.process.completed', async (payload: unknown) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(payload);
    });
    await new EventPublisher(emitter).publish('signing.process.completed', completed);
    expect(seen).toEqual([completed]);
  });

  it('does not throw when a listener fails (the change it reports is already committed)', async () => {
    const emitter = new EventEmitter2();
    emitter.on('signing.process.completed', () => {
      throw new Error('listener broke');
    });
    await expect(new EventPublisher(emitter).publish('signing.process.completed', completed)).resolves.toBeUndefined();
  });
});
