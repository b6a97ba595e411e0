import { InvalidArchiveTransitionError } from './archive';
import { ChangeSource, ProcessStatus } from './process-status';
import { SigningProcess } from './signing-process';
import { API, processIn, WEBHOOK, later } from './testing/process-fixtures';

const SYSTEM = { source: ChangeSource.POLICY, actor: 'system' };
const FILE = { fileId: 'f1', kind: 'SIGNED_DOCUMENT' as const, documentOrder: 1, sha256: 'c'.repeat(64), size: 10 };

function completed(): SigningProcess {
  return processIn(ProcessStatus.COMPLETED);
}

describe('SigningProcess archive (docs/behaviour.md#archive)', () => {
  it('a completion starts the archive: PENDING, in the same change as COMPLETED', () => {
    const process = processIn(ProcessStatus.IN_PROGRESS);
    expect(process.snapshot().archive.status).toBe('NONE');
    process.complete(later(5), WEBHOOK);
    expect(process.snapshot().archive).toEqual({ status: 'PENDING', error: null });
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['process.completed']);
  });

  it('PENDING → STORED records the files and publishes signing.files.stored', () => {
    const process = completed();
    process.markArchiveStored([FILE], SYSTEM, later(10));
    expect(process.snapshot().archive).toEqual({ status: 'STORED', error: null });
    expect(process.uncommittedHistory).toMatchObject([{ type: 'archive.stored', fromStatus: 'COMPLETED', toStatus: 'COMPLETED', source: 'policy', data: { files: [FILE] } }]);
    const [event] = process.pullEvents();
    expect(event).toMatchObject({ name: 'signing.files.stored', data: { files: [{ fileId: 'f1', kind: 'SIGNED_DOCUMENT', sha256: FILE.sha256, size: 10 }] } });
    expect(event.eventId).toBe(process.uncommittedHistory[0].eventId);
  });

  it('PENDING → FAILED keeps the error and publishes signing.files.store-failed; the same failure again adds nothing', () => {
    const process = completed();
    process.markArchiveFailed('link expired; API down', SYSTEM, later(10));
    process.markArchiveFailed('link expired; API down', SYSTEM, later(11));
    expect(process.snapshot().archive).toEqual({ status: 'FAILED', error: 'link expired; API down' });
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['archive.failed']);
    expect(process.pullEvents().map((e) => [e.name, e.data])).toEqual([['signing.files.store-failed', { error: 'link expired; API down' }]]);
  });

  it('FAILED → PENDING on retry, then STORED', () => {
    const process = completed();
    process.markArchiveFailed('boom', SYSTEM, later(10));
    process.retryArchive(API, later(20));
    expect(process.snapshot().archive).toEqual({ status: 'PENDING', error: null });
    process.markArchiveStored([FILE], SYSTEM, later(30));
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['archive.failed', 'archive.retry-requested', 'archive.stored']);
    expect(process.uncommittedHistory[1]).toMatchObject({ source: 'api', data: { previousStatus: 'FAILED', previousError: 'boom' } });
  });

  it('STORED is final: storing again is a no-op, a late failure is ignored, a retry is refused', () => {
    const process = completed();
    process.markArchiveStored([FILE], SYSTEM, later(10));
    process.markArchiveStored([FILE], SYSTEM, later(11));
    process.markArchiveFailed('late duplicate run', SYSTEM, later(12));
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['archive.stored']);
    expect(() => process.retryArchive(API, later(13))).toThrow(InvalidArchiveTransitionError);
  });

  it('a PENDING archive cannot be retried (it is running)', () => {
    expect(() => completed().retryArchive(API, later(13))).toThrow(/only a FAILED archive can be retried/);
  });

  it.each([ProcessStatus.IN_PROGRESS, ProcessStatus.REFUSED, ProcessStatus.CANCELLED, ProcessStatus.SEND_FAILED, ProcessStatus.EXPIRED])(
    'a %s process has no archive to store, fail or retry',
    (status) => {
      const process = processIn(status);
      expect(() => process.markArchiveStored([FILE], SYSTEM, later(10))).toThrow(InvalidArchiveTransitionError);
      expect(() => process.markArchiveFailed('x', SYSTEM, later(10))).toThrow(InvalidArchiveTransitionError);
      expect(() => process.retryArchive(API, later(10))).toThrow(/Only a COMPLETED process has an archive/);
    },
  );
});
