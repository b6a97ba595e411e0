import { Registry } from 'prom-client';
import { ArqsignNotFoundError, ArqsignRateLimitedError } from '../arqsign-client/arqsign-client.errors';
import type { ProcessSynchronizer } from '../signing-processes/application/process-synchronizer';
import type { SigningProcessRepository } from '../signing-processes/application/signing-process.repository';
import type { Origin } from '../signing-processes/domain/process-status';
import { DueProcess, SigningProcessesService } from '../signing-processes';
import { InMemorySyncChecks } from '../signing-processes/application/testing/in-memory-sync-checks';
import type { SigningProcess } from '../signing-processes/domain/signing-process';
import { ReconciliationMetrics } from './reconciliation.metrics';
import { ReconciliationService } from './reconciliation.service';
import type { ReconciliationSettings } from './reconciliation.settings';

/** A stand-in for the aggregate: only what reconciliation reads (id, status, version). */
const proc = (id: string, status = 'IN_PROGRESS', version = 1) => ({ id, status, version }) as unknown as SigningProcess;

const due = (processId: string, reason: DueProcess['reason'] = 'STALE'): DueProcess => ({ processId, status: 'IN_PROGRESS', reason, lastNewsAt: new Date(0) });

function harness(items: DueProcess[], outcomes: Record<string, SigningProcess | Error>, settings: Partial<ReconciliationSettings> = {}) {
  const checks = new InMemorySyncChecks(items);
  const origins: Origin[] = [];
  const calls: { id: string; at: number }[] = [];
  const processes = { findById: async (id: string) => (id === 'gone' ? null : proc(id)) } as unknown as SigningProcessRepository;
  const sync = async (process: SigningProcess, origin: Origin) => {
    origins.push(origin);
    calls.push({ id: process.id, at: Date.now() });
    const outcome = outcomes[process.id] ?? process;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  // Stale processes go through the status-first path, the others through a full sync: same fake.
  const synchronizer = { sync, syncIfStatusChanged: sync } as unknown as ProcessSynchronizer;
  const registry = new Registry();
  const metrics = new ReconciliationMetrics(registry);
  // The real facade over fake persistence and ArqSIGN: reconciliation only goes through it.
  const facade = new SigningProcessesService(processes, null as never, null as never, synchronizer, null as never, null as never, null as never, null as never, checks);
  const service = new ReconciliationService(facade, metrics, {
    intervalS: 60,
    staleAfterS: 3600,
    maxProcessesPerRun: 10,
    minCallSpacingMs: 0,
    maxRunMs: 60_000,
    leaseMs: 120_000,
    checkWebhooks: false,
    ...settings,
  });
  return { service, checks, origins, calls, registry };
}

const rateLimited = () => new ArqsignRateLimitedError({ endpoint: 'getProcess', httpStatus: 429, retryAfterMs: 1000 });

describe('ReconciliationService.run', () => {
  it('syncs each due process as the system (source sync), records what came of it and counts it', async () => {
    const { service, checks, origins, registry } = harness([due('a'), due('b', 'PAST_EXPIRY'), due('c')], {
      b: proc('b', 'EXPIRED', 2),
      c: new ArqsignNotFoundError({ endpoint: 'getProcess', httpStatus: 404 }),
    });
    const summary = await service.run();
    expect(summary).toEqual({ due: 3, synced: 3, changed: 1, failed: 1 });
    expect(origins).toEqual([{ source: 'sync', actor: 'system' }, { source: 'sync', actor: 'system' }, { source: 'sync', actor: 'system' }]);
    expect(checks.checks.map((c) => [c.processId, c.outcome, c.reason])).toEqual([
      ['a', 'UNCHANGED', 'STALE'],
      ['b', 'CHANGED', 'PAST_EXPIRY'],
      ['c', 'FAILED', 'STALE'],
    ]);
    expect(checks.checks[2].error).toMatch(/not found/);
    const text = await registry.metrics();
    expect(text).toContain('arqsign_reconcile_processes_total{reason="STALE",outcome="unchanged"} 1');
    expect(text).toContain('arqsign_reconcile_processes_total{reason="PAST_EXPIRY",outcome="changed"} 1');
    expect(text).toContain('arqsign_reconcile_processes_total{reason="STALE",outcome="failed"} 1');
    expect(text).toContain('arqsign_reconcile_changes_total{status="EXPIRED"} 1');
  });

  it('asks for at most maxProcessesPerRun, with the configured staleness and interval', async () => {
    const { service, checks } = harness([due('a'), due('b'), due('c')], {}, { maxProcessesPerRun: 2, staleAfterS: 99, intervalS: 7 });
    expect((await service.run()).synced).toBe(2);
    expect(checks.queries).toEqual([{ staleAfterS: 99, intervalS: 7, limit: 2 }]);
  });

  it('stops at the first rate limit: the rest waits for the next run', async () => {
    const { service, checks } = harness([due('a'), due('b'), due('c')], { b: rateLimited() });
    expect(await service.run()).toEqual({ due: 3, synced: 2, changed: 0, failed: 1, stoppedBecause: 'rate-limited' });
    expect(checks.checks.map((c) => c.processId)).toEqual(['a', 'b']);
  });

  it('spaces its ArqSIGN calls by minCallSpacingMs', async () => {
    const { service, calls } = harness([due('a'), due('b'), due('c')], {}, { minCallSpacingMs: 40 });
    await service.run();
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(35);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(35);
  });

  it('stops between two processes when asked to (shutdown)', async () => {
    let stop = false;
    const { service } = harness([due('a'), due('b')], {}, {});
    const summary = await service.run(() => {
      const now = stop;
      stop = true;
      return now;
    });
    expect(summary).toMatchObject({ synced: 1, stoppedBecause: 'shutting-down' });
  });

  it('skips a process that no longer exists without calling ArqSIGN', async () => {
    const { service, calls } = harness([due('gone'), due('a')], {});
    expect(await service.run()).toMatchObject({ synced: 2, failed: 0 });
    expect(calls.map((c) => c.id)).toEqual(['a']);
  });
});
