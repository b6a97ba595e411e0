import * as api from './index';

/**
 * The signing-processes module's public surface (docs/architecture.md#public-surfaces), seen only
 * through its entry file: changing these lists is a deliberate API change. Its behaviour is covered
 * by the unit specs beside the code and by test/integration/signing-processes and test/e2e.
 */
describe('signing-processes public API', () => {
  const methods = (type: abstract new (...args: never[]) => unknown) => Object.getOwnPropertyNames(type.prototype).filter((name) => name !== 'constructor');

  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ArchiveStatus',
      'AutomaticReaction',
      'ChangeSource',
      'DueReason',
      'HistoryEntryResponse',
      'PROCESS_CHANGED',
      'ProcessArchiveService',
      'ProcessResponse',
      'ProcessStatus',
      'SIGNING_PROCESS_ENTITIES',
      'SigningProcess',
      'SigningProcessesController',
      'SigningProcessesService',
      'otherChannel',
      'plannedReactions',
      'readProcessChange',
      'resendsThroughOtherChannel',
      'toHistoryEntryResponse',
      'toProcessResponse',
    ]);
  });

  it('the facade offers the other modules what they use of it: reconciliation its worklist, re-sync and check record; webhooks the links and outcomes', () => {
    expect(methods(api.SigningProcessesService)).toEqual(
      expect.arrayContaining(['dueForSync', 'resyncAsSystem', 'recordSyncCheck', 'processIdOfArqsign', 'linkedArqsignProcesses', 'adoptUncertainSend', 'outcomesOfDeliveries']),
    );
    expect(methods(api.ProcessArchiveService)).toEqual(expect.arrayContaining(['find', 'findOwned', 'pendingArchives', 'markStored', 'markFailed', 'requestRetry']));
  });

  it('a process is due for a sync for one of three reasons (stored with each check, and a metric label)', () => {
    expect(Object.values(api.DueReason).sort()).toEqual(['PAST_EXPIRY', 'SEND_DEFERRED', 'STALE']);
  });
});
