import { Agent, request } from 'node:http';
import { percentile } from './stats';

/**
 * A small, bounded HTTP load generator on node:http with keep-alive connections. Loopback only:
 * the target URL is checked. Every run stops by itself: after its duration no new request starts,
 * and requests still in flight are abandoned after a grace period.
 */

export interface LoadRequest {
  body: Buffer;
  headers: Record<string, string>;
}

export interface LoadTarget {
  url: string;
  method?: 'POST' | 'GET';
  /** Called once per request (sequence number from 0): fresh, distinct bodies are the caller's choice. */
  next(sequence: number): LoadRequest;
}

export interface LoadResult {
  /** Every request answered, warm-up included. */
  total: number;
  /** Requests completed inside the measuring window. */
  completed: number;
  /** Of those, answered with the expected status. */
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  windowMs: number;
  /** `ok` per second over the window. */
  throughput: number;
  p50: number;
  p99: number;
  max: number;
}

const REQUEST_TIMEOUT_MS = 30_000;
const GRACE_MS = 10_000;

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error(`load generator: refusing non-loopback target ${url}`);
}

interface Sample {
  startedAt: number;
  latencyMs: number;
  status: number | 'error';
}

function send(agent: Agent, target: LoadTarget, sequence: number): Promise<Sample> {
  const { body, headers } = target.next(sequence);
  const url = new URL(target.url);
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: target.method ?? 'POST', headers: { ...headers, 'content-length': String(body.length) }, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve({ startedAt, latencyMs: performance.now() - startedAt, status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ startedAt, latencyMs: performance.now() - startedAt, status: 'error' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ startedAt, latencyMs: performance.now() - startedAt, status: 'error' }));
    req.end(body);
  });
}

/** Samples that started at or after `windowStart` and (closed loop) finished by `windowEnd`, or (open loop) started before it. */
function summarise(samples: Sample[], windowStart: number, windowEnd: number, expectedStatus: number, by: 'finish' | 'start'): LoadResult {
  const inWindow = samples.filter((s) => s.startedAt >= windowStart && (by === 'finish' ? s.startedAt + s.latencyMs : s.startedAt) <= windowEnd);
  const statuses: Record<string, number> = {};
  for (const s of inWindow) statuses[String(s.status)] = (statuses[String(s.status)] ?? 0) + 1;
  const ok = inWindow.filter((s) => s.status === expectedStatus);
  const latencies = ok.map((s) => s.latencyMs);
  const windowMs = windowEnd - windowStart;
  return {
    total: samples.filter((s) => s.status !== 'error').length,
    completed: inWindow.length,
    ok: ok.length,
    errors: inWindow.length - ok.length,
    statuses,
    windowMs,
    throughput: (ok.length * 1000) / windowMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

async function settle(pending: Set<Promise<unknown>>, agent: Agent): Promise<void> {
  const grace = new Promise((resolve) => setTimeout(resolve, GRACE_MS).unref());
  await Promise.race([Promise.all(pending), grace]);
  agent.destroy();
}

/**
 * Closed loop: `connections` clients, each sending its next request as soon as the previous one
 * is answered, for `warmupMs + durationMs`; only the last `durationMs` are measured.
 */
export async function saturate(target: LoadTarget, options: { connections: number; durationMs: number; warmupMs: number; expectedStatus?: number }): Promise<LoadResult> {
  assertLoopback(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const samples: Sample[] = [];
  const pending = new Set<Promise<unknown>>();
  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const end = windowStart + options.durationMs;
  let sequence = 0;
  const client = async () => {
    while (performance.now() < end) {
      const p = send(agent, target, sequence++);
      pending.add(p);
      samples.push(await p);
      pending.delete(p);
    }
  };
  await Promise.race([Promise.all(Array.from({ length: options.connections }, client)), new Promise((r) => setTimeout(r, options.warmupMs + options.durationMs + GRACE_MS).unref())]);
  await settle(pending, agent);
  return summarise(samples, windowStart, end, options.expectedStatus ?? 200, 'finish');
}

/**
 * Open loop: requests leave at a fixed rate whatever the answers (up to `maxInFlight` at once),
 * for `warmupMs + durationMs`; only the last `durationMs` are measured. Latency is measured from
 * the moment each request actually left.
 */
export async function fixedRate(
  target: LoadTarget,
  options: { ratePerSecond: number; durationMs: number; warmupMs: number; maxInFlight?: number; expectedStatus?: number },
): Promise<LoadResult & { late: number }> {
  assertLoopback(target.url);
  const maxInFlight = options.maxInFlight ?? 256;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const samples: Sample[] = [];
  const pending = new Set<Promise<unknown>>();
  const intervalMs = 1000 / options.ratePerSecond;
  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const end = windowStart + options.durationMs;
  const total = Math.floor((options.warmupMs + options.durationMs) / intervalMs);
  let sequence = 0;
  let late = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sequence < total && start + sequence * intervalMs <= now) {
        if (pending.size >= maxInFlight) {
          late++; // dropped: the target is slower than the rate (counted, never queued without bound)
          sequence++;
          continue;
        }
        if (now - (start + sequence * intervalMs) > 5) late++;
        const p = send(agent, target, sequence++).then((sample) => {
          samples.push(sample);
          pending.delete(p);
        });
        pending.add(p);
      }
      if (sequence >= total || now >= end) return resolve();
      setTimeout(tick, Math.max(0, Math.min(intervalMs, start + sequence * intervalMs - performance.now())));
    };
    tick();
  });
  await settle(pending, agent);
  return { ...summarise(samples, windowStart, end, options.expectedStatus ?? 200, 'start'), late };
}
