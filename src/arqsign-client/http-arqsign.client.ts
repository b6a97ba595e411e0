import CircuitBreaker from 'opossum';
import type { Registry } from 'prom-client';
import { ArqsignClient } from './arqsign-client.port';
import {
  ArqsignError,
  ArqsignRateLimitedError,
  ArqsignUnavailableError,
  ArqsignUncertainError,
  ArqsignUnexpectedResponseError,
  ArqsignValidationError,
} from './arqsign-client.errors';
import { ArqsignClientMetrics } from './arqsign-client.metrics';
import type {
  AccountSubscription,
  AccountUser,
  ArqsignCreateWebhookConfigRequest,
  ArqsignFindFoldersRequest,
  ArqsignFindUsersRequest,
  ArqsignResendRecipientEdit,
  ArqsignSendProcessRequest,
  ArqsignSignerAttachmentsRequest,
  ArqsignUsageRequest,
  CancelProcessResult,
  CreatedWebhookConfig,
  Folder,
  PendingRecipient,
  ProcessDetails,
  ProcessStatusResult,
  SendProcessResult,
  SignatureRecord,
  SignerAttachments,
  SignerRole,
  SignersSummary,
  UsageReport,
  WebhookConfig,
  WebhookConfigStatusInput,
} from './arqsign.types';
import { extractMessages, mapClientError } from './error-mapping';
import { describeAttemptFailure, jsonErrorBody, parseBody, sendAttempt, type RawResponse } from './http-attempt';
import { RateLimitWaitError, SlidingWindowRateLimiter, windowsFromOptions, type RateLimitOptions } from './rate-limiter';
import type { RequestSlots } from './shared-rate-limiter';
import { isUnknownParameterError, otherValidateKey, renameValidateKey, usesValidateKey, type ValidateKey } from './resend-validate-key';
import * as map from './response-mappers';
import { backoffDelayMs, parseRetryAfter, resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from './retry-policy';
import { SIGNING_DEFAULTS } from '../signing.module-definition';

/** Nest `LoggerService`-compatible sink; receives one structured object per call. */
export interface ArqsignClientLogger {
  log(message: unknown, ...optionalParams: unknown[]): void;
  warn(message: unknown, ...optionalParams: unknown[]): void;
  error(message: unknown, ...optionalParams: unknown[]): void;
}

export type ArqsignBreakerOptions = Pick<
  CircuitBreaker.Options,
  'errorThresholdPercentage' | 'volumeThreshold' | 'resetTimeout' | 'rollingCountTimeout' | 'rollingCountBuckets' | 'enabled'
>;

export interface ArqsignClientOptions {
  /** e.g. `https://api-rest.arqsign.com`; may carry a path prefix (docs/arqsign-gaps.md#gap-02). */
  baseUrl: string;
  appKey: string;
  subscriptionKey: string;
  /** Per HTTP attempt, response body included. Default 30 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Defaults to 4 requests/s; per-minute/hour windows per plan (docs/arqsign.md#rate-limits). */
  rateLimit?: RateLimitOptions;
  /** A limiter shared with other instances (e.g. `PostgresRateLimiter`); replaces the in-process one built from `rateLimit`. */
  limiter?: RequestSlots;
  /** opossum options. Defaults: 50 % errors over ≥ 5 calls in 10 s opens it for 30 s. */
  breaker?: ArqsignBreakerOptions;
  /** Where metrics are registered; a private registry when absent. */
  registry?: Registry;
  logger?: ArqsignClientLogger;
  fetchImpl?: typeof fetch;
  /** Header names (docs/arqsign-gaps.md#gap-01). Defaults `AppKey` / `SubscriptionKey`. */
  headerNames?: { appKey?: string; subscriptionKey?: string };
  /** Key sent for "validate the document" on resend (docs/arqsign-gaps.md#gap-05). Default `validar`. */
  resendValidateKey?: ValidateKey;
}

/** How a call may be repeated. */
type Safety =
  /** Reads and idempotent writes: retried on timeouts, network errors, 5xx and 429. */
  | 'repeatable'
  /** Effects must not happen twice: retried only when the request certainly did not arrive (or 429). */
  | 'once';

interface CallSpec<T> {
  endpoint: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path template for logs, e.g. `/api/v2/processo/{idProcesso}`. */
  route: string;
  path: string;
  body?: unknown;
  safety: Safety;
  pathId?: { name: string; value: string };
  map(body: unknown): T;
  /** Ids worth logging from the result (e.g. the new process id). */
  logIds?(result: T): Record<string, string>;
}

const PATH_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * The ArqSIGN HTTP client: timeouts, retries with backoff + jitter, `Retry-After`, a circuit
 * breaker, a client-side rate limiter, typed errors, metrics and one log line per call.
 * Build it directly (`new HttpArqsignClient(options)`); call `close()` on shutdown.
 */
export class HttpArqsignClient extends ArqsignClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: ResolvedRetryOptions;
  private readonly limiter: RequestSlots;
  private readonly breaker: CircuitBreaker<[CallSpec<unknown>], RawResponse>;
  private readonly metrics: ArqsignClientMetrics;
  private readonly fetchImpl: typeof fetch;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];
  private readonly inFlight = new Set<AbortController>();
  private readonly sleepers = new Set<() => void>();
  private resendValidateKey: ValidateKey;
  private closed = false;

  constructor(private readonly options: ArqsignClientOptions) {
    super();
    this.baseUrl = validateBaseUrl(options.baseUrl);
    if (!options.appKey || !options.subscriptionKey) throw new Error('ArqSIGN appKey and subscriptionKey are required');
    this.timeoutMs = options.timeoutMs ?? SIGNING_DEFAULTS.arqsignTimeoutMs;
    this.retry = resolveRetryOptions(options.retry);
    this.limiter = options.limiter ?? new SlidingWindowRateLimiter(windowsFromOptions(options.rateLimit), options.rateLimit?.maxWaitMs ?? SIGNING_DEFAULTS.arqsignRateMaxWaitMs);
    this.metrics = new ArqsignClientMetrics(options.registry);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.resendValidateKey = options.resendValidateKey ?? 'validar';
    this.secrets = [options.appKey, options.subscriptionKey];
    this.headers = {
      [options.headerNames?.appKey ?? 'AppKey']: options.appKey,
      [options.headerNames?.subscriptionKey ?? 'SubscriptionKey']: options.subscriptionKey,
      Accept: 'application/json',
    };
    this.breaker = new CircuitBreaker((spec: CallSpec<unknown>) => this.attempt(spec), {
      errorThresholdPercentage: 50,
      volumeThreshold: 5,
      resetTimeout: 30_000,
      rollingCountTimeout: 10_000,
      ...options.breaker,
      name: 'arqsign',
      timeout: false, // our own per-attempt timeout aborts the request
    });
    this.breaker.on('open', () => {
      this.metrics.circuitOpen.set(1);
      this.options.logger?.warn({ msg: 'ArqSIGN circuit breaker opened: failing fast', component: 'arqsign-client' });
    });
    this.breaker.on('halfOpen', () => this.metrics.circuitOpen.set(1));
    this.breaker.on('close', () => {
      this.metrics.circuitOpen.set(0);
      this.options.logger?.log({ msg: 'ArqSIGN circuit breaker closed', component: 'arqsign-client' });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Endpoints (docs/arqsign.md#endpoints)

  sendProcess(request: ArqsignSendProcessRequest): Promise<SendProcessResult> {
    return this.call({
      endpoint: 'sendProcess',
      method: 'POST',
      route: '/api/v2/processo/enviar-documento-para-assinar',
      path: '/api/v2/processo/enviar-documento-para-assinar',
      body: request,
      safety: 'once',
      map: map.mapSendProcess,
      logIds: (r) => ({ processId: r.processId }),
    });
  }

  getProcess(processId: string): Promise<ProcessDetails> {
    return this.call({
      ...this.processRoute('getProcess', 'GET', '/api/v2/processo/{idProcesso}', processId),
      safety: 'repeatable',
      map: (body) => map.mapProcessDetails(processId, body),
    });
  }

  async resendProcess(processId: string, edits: ArqsignResendRecipientEdit[] = []): Promise<PendingRecipient[]> {
    const send = (key: ValidateKey) =>
      this.call({
        ...this.processRoute('resendProcess', 'PATCH', '/api/v2/processo/{idProcesso}/reenviar-processo', processId),
        body: renameValidateKey(edits, key),
        safety: 'once',
        map: map.mapResend,
      });
    const key = this.resendValidateKey;
    try {
      return await send(key);
    } catch (error) {
      // docs/arqsign-gaps.md#gap-05: on "unknown parameter" try the other spelling once (the first request was refused).
      if (!(error instanceof ArqsignError) || !isUnknownParameterError(error) || !usesValidateKey(edits)) throw error;
      const other = otherValidateKey(key);
      const result = await send(other);
      this.resendValidateKey = other;
      return result;
    }
  }

  getProcessStatus(processId: string): Promise<ProcessStatusResult> {
    return this.call({
      ...this.processRoute('getProcessStatus', 'GET', '/api/v1/processo/{idProcesso}/status-do-processo', processId),
      safety: 'repeatable',
      map: (body) => map.mapProcessStatus(processId, body),
    });
  }

  getSigners(processId: string): Promise<SignersSummary> {
    return this.call({
      ...this.processRoute('getSigners', 'GET', '/api/v1/processo/{idProcesso}/dados-signatarios', processId),
      safety: 'repeatable',
      map: (body) => map.mapSignersSummary(processId, body),
    });
  }

  cancelProcess(processId: string): Promise<CancelProcessResult> {
    // Idempotent in effect: a repeat after a lost answer yields ALREADY_FINISHED / CANCELLED.
    return this.call({
      ...this.processRoute('cancelProcess', 'PATCH', '/api/v1/processo/{idProcesso}/cancelar-processo', processId),
      safety: 'repeatable',
      map: (body) => ({ processId, message: map.mapCancelMessage(body) }),
    });
  }

  getSignerAttachments(processId: string, request: ArqsignSignerAttachmentsRequest): Promise<SignerAttachments[]> {
    return this.call({
      ...this.processRoute('getSignerAttachments', 'POST', '/api/v1/processo/{idProcesso}/buscar-anexos-signatarios', processId),
      body: request,
      safety: 'repeatable',
      map: (body) => map.mapSignerAttachments(body, request.arquivoTipo === 2 ? 'link' : 'base64'),
    });
  }

  getSignatureRecord(documentId: string): Promise<SignatureRecord> {
    return this.call({
      endpoint: 'getSignatureRecord',
      method: 'GET',
      route: '/api/v1/processo/{idArquivoProcesso}/registro-assinaturas',
      path: `/api/v1/processo/${documentId}/registro-assinaturas`,
      pathId: { name: 'idArquivoProcesso', value: documentId },
      safety: 'repeatable',
      map: (body) => map.mapSignatureRecord(documentId, body),
    });
  }

  findFolders(request: ArqsignFindFoldersRequest): Promise<Folder[]> {
    return this.simple('findFolders', 'POST', '/api/v1/diretorio/buscar-pastas', map.mapFolders, request);
  }

  findUsers(request: ArqsignFindUsersRequest): Promise<AccountUser[]> {
    return this.simple('findUsers', 'POST', '/api/v1/usuarios/buscar-usuarios', map.mapUsers, request);
  }

  getSignerRoles(): Promise<SignerRole[]> {
    return this.simple('getSignerRoles', 'GET', '/api/v1/conta/papeis-signatarios', map.mapRoles);
  }

  getUsage(request: ArqsignUsageRequest): Promise<UsageReport> {
    return this.simple('getUsage', 'POST', '/api/v1/conta/buscar-consumo-itens-assinatura', map.mapUsage, request);
  }

  getAccount(): Promise<AccountSubscription> {
    return this.simple('getAccount', 'GET', '/api/v1/conta/dados-assinatura', map.mapAccount);
  }

  createWebhookConfig(request: ArqsignCreateWebhookConfigRequest): Promise<CreatedWebhookConfig> {
    return this.call({
      endpoint: 'createWebhookConfig',
      method: 'POST',
      route: '/api/v1/confwebhook',
      path: '/api/v1/confwebhook',
      body: request,
      safety: 'once',
      map: map.mapCreatedWebhookConfig,
      logIds: (r) => ({ webhookConfigId: r.id }),
    });
  }

  listWebhookConfigs(): Promise<WebhookConfig[]> {
    return this.simple('listWebhookConfigs', 'GET', '/api/v1/confwebhook', map.mapWebhookConfigs);
  }

  async changeWebhookConfigStatus(webhookConfigId: string, status: WebhookConfigStatusInput): Promise<void> {
    await this.call({
      endpoint: 'changeWebhookConfigStatus',
      method: 'PATCH',
      route: '/api/v1/confwebhook/{idConfWebHook}/alterar-status',
      path: `/api/v1/confwebhook/${webhookConfigId}/alterar-status`,
      pathId: { name: 'idConfWebHook', value: webhookConfigId },
      body: { status },
      safety: 'repeatable', // sets a state: repeating it is harmless
      map: () => undefined,
    });
  }

  /** Stops the limiter and breaker timers, aborts in-flight requests and pending retries. */
  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.limiter.close();
    this.breaker.shutdown();
    for (const controller of this.inFlight) controller.abort();
    for (const wake of this.sleepers) wake();
  }

  /** Alias of `close()` (Nest `onApplicationShutdown` naming). */
  shutdown(): Promise<void> {
    return this.close();
  }

  // -------------------------------------------------------------------------------------------
  // Call pipeline: validation → retries( breaker-check → limiter → breaker(HTTP) ) → mapping

  private processRoute(endpoint: string, method: CallSpec<unknown>['method'], route: string, processId: string) {
    return {
      endpoint,
      method,
      route,
      path: route.replace('{idProcesso}', processId),
      pathId: { name: 'idProcesso', value: processId },
    };
  }

  private simple<T>(endpoint: string, method: CallSpec<T>['method'], path: string, mapper: (body: unknown) => T, body?: unknown): Promise<T> {
    return this.call({ endpoint, method, route: path, path, body, safety: 'repeatable', map: mapper });
  }

  private async call<T>(spec: CallSpec<T>): Promise<T> {
    const started = performance.now();
    const trace: AttemptTrace = { attempts: 0 };
    try {
      const result = await this.execute(spec, trace);
      this.record(spec, trace, started, 'success', { ...this.pathIds(spec), ...spec.logIds?.(result) });
      return result;
    } catch (caught) {
      const error = caught instanceof ArqsignError ? caught : this.unexpected(spec, caught, trace);
      this.record(spec, trace, started, error.code.slice('ARQSIGN.'.length).toLowerCase(), this.pathIds(spec), error);
      throw error;
    }
  }

  private async execute<T>(spec: CallSpec<T>, trace: AttemptTrace): Promise<T> {
    if (spec.pathId && !PATH_ID.test(spec.pathId.value)) {
      throw new ArqsignValidationError({ endpoint: spec.endpoint, messages: [`Invalid ${spec.pathId.name}.`], attempts: 0 });
    }
    const base = { endpoint: spec.endpoint };
    for (let attempt = 1; ; attempt++) {
      const canRetry = attempt < this.retry.maxAttempts;
      if (this.closed) throw new ArqsignUnavailableError({ ...base, reason: 'client-closed', attempts: trace.attempts });
      if (this.breaker.opened) throw new ArqsignUnavailableError({ ...base, reason: 'circuit-open', attempts: trace.attempts });
      await this.acquireSlot(spec, trace);

      let response: RawResponse;
      try {
        trace.attempts = attempt;
        response = await this.breaker.fire(spec as CallSpec<unknown>);
      } catch (error) {
        const failure = describeAttemptFailure(error, this.timeoutMs);
        trace.status = failure.status;
        const messages = failure.response ? this.errorBody(failure.response).messages : undefined;
        const details = { ...base, reason: failure.reason, httpStatus: failure.status, messages, attempts: attempt };
        if (failure.kind === 'closed') throw new ArqsignUnavailableError(details);
        if (failure.kind === 'aborted') throw spec.safety === 'once' ? new ArqsignUncertainError(details) : new ArqsignUnavailableError(details);
        if (failure.kind === 'circuit-open') throw new ArqsignUnavailableError(details);
        const mayHaveArrived = failure.kind !== 'not-sent';
        if (mayHaveArrived && spec.safety === 'once') throw new ArqsignUncertainError(details);
        const retryAfter = failure.response ? parseRetryAfter(failure.response.headers.get('retry-after')) : undefined;
        const wait = retryAfter ?? backoffDelayMs(attempt, this.retry);
        if (!canRetry || wait > this.retry.maxRetryAfterMs) throw new ArqsignUnavailableError({ ...details, retryAfterMs: retryAfter });
        await this.pause(spec, failure.reason, wait);
        continue;
      }

      trace.status = response.status;
      if (response.status >= 200 && response.status < 300) return this.mapSuccess(spec, response, attempt);

      if (response.status === 429) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        const wait = retryAfter ?? backoffDelayMs(attempt, this.retry);
        this.limiter.pauseUntil(Date.now() + wait); // the limit is per account: hold every call
        if (canRetry && wait <= this.retry.maxRetryAfterMs) {
          await this.pause(spec, 'rate-limited', wait);
          continue;
        }
        throw new ArqsignRateLimitedError({ ...base, ...this.errorBody(response), retryAfterMs: wait, attempts: attempt });
      }

      if (response.status >= 300 && response.status < 400) {
        // Redirects are not followed: they could carry the keys to another host.
        const details = { ...base, httpStatus: response.status, reason: 'redirect', attempts: attempt };
        throw spec.safety === 'once' ? new ArqsignUncertainError(details) : new ArqsignUnexpectedResponseError(details);
      }

      throw mapClientError({
        endpoint: spec.endpoint,
        status: response.status,
        messages: this.errorBody(response).messages,
        pathId: spec.pathId?.value,
        pathParam: spec.pathId?.name,
        attempts: attempt,
      });
    }
  }

  private mapSuccess<T>(spec: CallSpec<T>, response: RawResponse, attempt: number): T {
    try {
      return spec.map(parseBody(response.text));
    } catch (error) {
      const details = {
        endpoint: spec.endpoint,
        httpStatus: response.status,
        reason: error instanceof map.ResponseShapeError ? error.message : 'unreadable body',
        attempts: attempt,
      };
      // A "once" call answered 2xx probably acted, but we cannot tell what it created.
      throw spec.safety === 'once' ? new ArqsignUncertainError(details) : new ArqsignUnexpectedResponseError(details);
    }
  }

  private async acquireSlot(spec: CallSpec<unknown>, trace: AttemptTrace): Promise<void> {
    try {
      await this.limiter.acquire();
    } catch (error) {
      const base = { endpoint: spec.endpoint, attempts: trace.attempts };
      if (error instanceof RateLimitWaitError && !error.closed) {
        throw new ArqsignRateLimitedError({ ...base, reason: 'client-rate-limit', retryAfterMs: error.retryAfterMs });
      }
      throw new ArqsignUnavailableError({ ...base, reason: 'client-closed' });
    }
  }

  /** Waits before a retry; `close()` cuts the wait short. */
  private pause(spec: CallSpec<unknown>, reason: string, ms: number): Promise<void> {
    this.metrics.retries.inc({ endpoint: spec.endpoint, reason: retryReasonLabel(reason) });
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private attempt(spec: CallSpec<unknown>): Promise<RawResponse> {
    return sendAttempt({
      url: this.baseUrl + spec.path,
      method: spec.method,
      headers: this.headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      timeoutMs: this.timeoutMs,
      fetchImpl: this.fetchImpl,
      inFlight: this.inFlight,
      isClosed: () => this.closed,
    });
  }

  private errorBody(response: RawResponse): { messages: string[]; httpStatus: number } {
    return { messages: extractMessages(jsonErrorBody(response.text), response.text, this.secrets), httpStatus: response.status };
  }

  private unexpected(spec: CallSpec<unknown>, error: unknown, trace: AttemptTrace): ArqsignError {
    const reason = error instanceof Error ? error.name : 'unknown';
    const details = { endpoint: spec.endpoint, reason: `client error: ${reason}`, attempts: trace.attempts };
    return spec.safety === 'once' && trace.attempts > 0 ? new ArqsignUncertainError(details) : new ArqsignUnavailableError(details);
  }

  private pathIds(spec: CallSpec<unknown>): Record<string, string> {
    if (!spec.pathId) return {};
    const key = { idProcesso: 'processId', idArquivoProcesso: 'documentId', idConfWebHook: 'webhookConfigId' }[spec.pathId.name];
    return key ? { [key]: spec.pathId.value } : {};
  }

  /** Metrics + the one log line of the call. Never keys, bodies or Base64. */
  private record(spec: CallSpec<unknown>, trace: AttemptTrace, started: number, outcome: string, ids: Record<string, string>, error?: ArqsignError): void {
    const seconds = (performance.now() - started) / 1000;
    this.metrics.observe(spec.endpoint, outcome, seconds);
    const logger = this.options.logger;
    if (!logger) return;
    const line = {
      msg: `ArqSIGN ${spec.endpoint} ${outcome}`,
      component: 'arqsign-client',
      endpoint: spec.endpoint,
      method: spec.method,
      route: spec.route,
      status: trace.status ?? null,
      durationMs: Math.round(seconds * 1000),
      attempts: trace.attempts,
      outcome,
      ...ids,
      ...(error && { errorCode: error.code, reason: error.reason, arqsignMessages: error.messages, retryAfterMs: error.retryAfterMs }),
    };
    if (!error) logger.log(line);
    else if (['ARQSIGN.UNAVAILABLE', 'ARQSIGN.UNCERTAIN', 'ARQSIGN.UNAUTHORIZED', 'ARQSIGN.UNEXPECTED_RESPONSE'].includes(error.code)) logger.error(line);
    else logger.warn(line);
  }
}

interface AttemptTrace {
  attempts: number;
  status?: number;
}

function validateBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid ArqSIGN base URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('ArqSIGN base URL must be http(s)');
  if (url.username || url.password || url.search || url.hash) throw new Error('ArqSIGN base URL must not carry credentials, query or fragment');
  return url.toString().replace(/\/+$/, '');
}

function retryReasonLabel(reason: string): string {
  if (reason.startsWith('timeout')) return 'timeout';
  if (reason.startsWith('http-')) return reason;
  return reason === 'rate-limited' ? reason : 'network';
}
