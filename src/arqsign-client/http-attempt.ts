/**
 * One HTTP request to ArqSIGN with its own timeout, and the classification of how it failed.
 * 5xx, 408, timeouts and transport errors reject (so the circuit breaker counts them); every other
 * status resolves for the caller to map.
 */
import { classifyTransportError, type TransportFailure } from './retry-policy';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class AttemptTimeout extends Error {}
export class AttemptTransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(failure.code);
  }
}
export class AttemptServerError extends Error {
  constructor(readonly response: RawResponse) {
    super(`HTTP ${response.status}`);
  }
}
export class ClientClosedError extends Error {}

export interface AttemptRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Already serialized JSON, or undefined for no body. */
  body?: string;
  timeoutMs: number;
  fetchImpl: typeof fetch;
  /** Controllers of in-flight requests, so `close()` can abort them. */
  inFlight: Set<AbortController>;
  isClosed(): boolean;
}

export async function sendAttempt(request: AttemptRequest): Promise<RawResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  request.inFlight.add(controller);
  try {
    const headers = { ...request.headers };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const response = await request.fetchImpl(request.url, {
      method: request.method,
      headers,
      body: request.body,
      signal: controller.signal,
      redirect: 'manual', // a redirect could carry the keys to another host
    });
    const raw = { status: response.status, headers: response.headers, text: await response.text() };
    if (raw.status >= 500 || raw.status === 408) throw new AttemptServerError(raw);
    return raw;
  } catch (error) {
    if (error instanceof AttemptServerError) throw error;
    if (timedOut) throw new AttemptTimeout();
    if (request.isClosed()) throw new ClientClosedError();
    throw new AttemptTransportError(classifyTransportError(error));
  } finally {
    clearTimeout(timer);
    request.inFlight.delete(controller);
  }
}

export interface AttemptFailure {
  /**
   * `not-sent`: the request certainly did not reach ArqSIGN; `maybe-sent`: it may have;
   * `aborted`: `close()` cut it off in flight (it may have arrived); `closed`: never started.
   */
  kind: 'not-sent' | 'maybe-sent' | 'aborted' | 'closed' | 'circuit-open';
  reason: string;
  status?: number;
  response?: RawResponse;
}

/** What a rejected attempt (or a breaker refusal) means for retrying. */
export function describeAttemptFailure(error: unknown, timeoutMs: number): AttemptFailure {
  if (error instanceof AttemptServerError) {
    return { kind: 'maybe-sent', reason: `http-${error.response.status}`, status: error.response.status, response: error.response };
  }
  if (error instanceof AttemptTimeout) return { kind: 'maybe-sent', reason: `timeout after ${timeoutMs} ms` };
  if (error instanceof AttemptTransportError) return { kind: error.failure.notSent ? 'not-sent' : 'maybe-sent', reason: error.failure.code };
  if (error instanceof ClientClosedError) return { kind: 'aborted', reason: 'client-closed' };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EOPENBREAKER') return { kind: 'circuit-open', reason: 'circuit-open' };
  if (code === 'ESHUTDOWN') return { kind: 'closed', reason: 'client-closed' };
  return { kind: 'maybe-sent', reason: 'unexpected' };
}

/** JSON when it parses, else the trimmed text (cancel answers a bare message); '' → undefined. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.trim();
  }
}

/** The parsed body for message extraction: undefined for non-JSON text (read raw instead). */
export function jsonErrorBody(text: string): unknown {
  const parsed = parseBody(text);
  return typeof parsed === 'string' && !text.trim().startsWith('"') ? undefined : parsed;
}
