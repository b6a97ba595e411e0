import { ConsoleLogger, Logger, LoggerService } from '@nestjs/common';
import { renderFields, SigningLogger } from './signing-logger';

class Recording implements LoggerService {
  readonly lines: unknown[][] = [];
  log(...args: unknown[]) {
    this.lines.push(args);
  }
  warn(...args: unknown[]) {
    this.lines.push(args);
  }
  error(...args: unknown[]) {
    this.lines.push(args);
  }
}

class RecordingConsole extends ConsoleLogger {
  readonly lines: unknown[][] = [];
  override log(...args: unknown[]) {
    this.lines.push(args);
  }
  override warn(...args: unknown[]) {
    this.lines.push(args);
  }
}

describe('SigningLogger', () => {
  afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

  it("renders (fields, message) as one text line for Nest's ConsoleLogger", () => {
    const target = new RecordingConsole();
    Logger.overrideLogger(target);
    new SigningLogger('WebhookReceiver').log({ deliveryId: 'd-1', trigger: 8, duplicateOf: null }, 'Webhook delivery stored');
    new SigningLogger('Jobs').warn({ err: new Error('boom'), nested: { a: 1 } }, 'Job failed');
    new SigningLogger('ArqsignClient').log({ msg: 'ArqSIGN listWebhookConfigs success', status: 200 });
    expect(target.lines).toEqual([
      ['Webhook delivery stored (deliveryId=d-1, trigger=8, duplicateOf=null)', 'WebhookReceiver'],
      ['Job failed (err=Error: boom, nested={"a":1})', 'Jobs'],
      ['ArqSIGN listWebhookConfigs success (status=200)', 'ArqsignClient'],
    ]);
  });

  it('passes the fields object through to a structured logger (pino-style)', () => {
    const target = new Recording();
    Logger.overrideLogger(target);
    new SigningLogger('WebhookReceiver').log({ deliveryId: 'd-1' }, 'Webhook delivery stored');
    new SigningLogger('Auth').warn('plain message');
    expect(target.lines).toEqual([
      [{ deliveryId: 'd-1' }, 'Webhook delivery stored', 'WebhookReceiver'],
      ['plain message', 'Auth'],
    ]);
  });

  it('renders serialized errors by type and message, drops undefined, truncates long values', () => {
    expect(renderFields({ err: { type: 'TypeError', message: 'x', stack: 's' }, gone: undefined, long: 'y'.repeat(10) })).toBe(' (err=TypeError: x, long=yyyyyyyyyy)');
    expect(renderFields({ list: Array.from({ length: 100 }, (_, i) => i) })).toMatch(/…\)$/);
    expect(renderFields({})).toBe('');
  });
});
