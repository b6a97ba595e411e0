import { ARQSIGN_EXAMPLES_DIR } from '../../../src/arqsign-client/testing/fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { HttpArqsignClient, type ArqsignClientOptions, type ArqsignSendProcessRequest } from '../../../src/arqsign-client';
import { startArqsignSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/sandbox';

/** Helpers for the client's contract tests against the ArqSIGN simulator (real HTTP only). */

export interface Kit {
  sim: RunningSimulator;
  client: HttpArqsignClient;
  registry: Registry;
  /** Builds another client against the same simulator (closed by `close()`). */
  makeClient(overrides?: Partial<ArqsignClientOptions>): HttpArqsignClient;
  close(): Promise<void>;
}

export async function startKit(simOptions: SimulatorOptions = {}, clientOptions: Partial<ArqsignClientOptions> = {}): Promise<Kit> {
  const sim = await startArqsignSimulator({ port: 0, ...simOptions });
  const clients: HttpArqsignClient[] = [];
  const registry = new Registry();
  const makeClient = (overrides: Partial<ArqsignClientOptions> = {}) => {
    const client = new HttpArqsignClient({
      baseUrl: sim.url,
      appKey: sim.account.appKey,
      subscriptionKey: sim.account.subscriptionKeys[0],
      timeoutMs: 2_000,
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 },
      rateLimit: { perSecond: 1000 },
      registry,
      ...clientOptions,
      ...overrides,
    });
    clients.push(client);
    return client;
  };
  const client = makeClient();
  return {
    sim,
    client,
    registry,
    makeClient,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

const FIXTURES = ARQSIGN_EXAMPLES_DIR;

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** The documented send example (2 PDFs, 2 signers in order), pointed at the simulator's account. */
export function sendRequest(sim: RunningSimulator, name = 'Contrato 4711'): ArqsignSendProcessRequest {
  const body = fixture<ArqsignSendProcessRequest>('send-process-request.json');
  return { ...body, nomeProcesso: name, idResponsavel: sim.account.responsibleId, idPasta: sim.account.folderId };
}

/** Calls the simulator's unauthenticated control API (`/__sim/...`). */
export async function simControl<T = unknown>(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(sim.url + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface FaultState {
  path: string;
  mode: string;
  remaining: number;
}

export function addFault(
  sim: RunningSimulator,
  fault: { path: string; mode: 'error500' | 'rateLimit' | 'timeout'; count: number; retryAfterSeconds?: number },
): Promise<FaultState> {
  return simControl<FaultState>(sim, 'POST', '/__sim/faults', fault);
}

export function faults(sim: RunningSimulator): Promise<FaultState[]> {
  return simControl<FaultState[]>(sim, 'GET', '/__sim/faults');
}

export function act(sim: RunningSimulator, processId: string, body: Record<string, unknown>): Promise<unknown> {
  return simControl(sim, 'POST', `/__sim/processes/${processId}/actions`, body);
}

export const PDF_BASE64 = Buffer.from('%PDF-1.4\n% signer upload\n%%EOF\n').toString('base64');
