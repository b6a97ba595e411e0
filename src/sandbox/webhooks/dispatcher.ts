import { randomUUID } from 'node:crypto';
import type { ClientRequest } from 'node:http';
import type { SimClock } from '../clock';
import { isoUtc } from '../formats';
import type { SimProcess } from '../state/process-model';
import type { WebhookConfig, WebhookStore } from '../state/webhook-store';
import { postJson } from './http-post';
import { signWebhookBody } from './hmac';
import type { EventSnapshot, PayloadBuilder } from './payload-builder';
import { MAX_ATTEMPTS, attemptOffsetMs } from './retry-schedule';

/** One line of `GET /__sim/deliveries` (docs/behaviour.md#sandbox-simulator, plus a few extra fields). */
export interface DeliveryRecord {
  webhookId: string;
  trigger: number;
  processId: string;
  url: string;
  attempt: number;
  /** Listener's HTTP status; null when it did not answer (timeout, connection refused). */
  status: number | null;
  /** delivered | failed | timeout (failure, retried) | timeout-accepted (aguardarRetorno false) | deactivated (401/403/404). */
  outcome: 'delivered' | 'failed' | 'timeout' | 'timeout-accepted' | 'deactivated';
  error: string | null;
  /** Simulator clock when the attempt started (ISO, UTC). */
  at: string;
  /** Real time (epoch ms) when the attempt started: lets tests check the scaled schedule. */
  realTime: number;
  durationMs: number;
}

/** One emitted event (`GET /__sim/events`): recorded even while delivery is paused. */
export interface EventRecord {
  trigger: number;
  processId: string;
  at: string;
  webhookIds: string[];
}

/** One event on its way to one configuration. */
interface PendingDelivery {
  id: string;
  configId: string;
  trigger: number;
  snapshot: EventSnapshot;
  /** Attempts made so far. */
  attempts: number;
  firstAttemptReal: number;
  /** Clock advance (s) at the first attempt; later advances pull the remaining attempts in. */
  advanceAtFirst: number;
  timer?: NodeJS.Timeout;
  state: 'scheduled' | 'in-flight' | 'paused';
}

export interface DispatcherDeps {
  webhooks: WebhookStore;
  clock: SimClock;
  builder: PayloadBuilder;
  timeScale: number;
  timeoutMs: number;
  /** Members (user ids) of an account group, for the `grupos` filter. */
  groupMembers: (groupId: string) => string[];
  log: (line: string) => void;
  /** Called after every attempt (a configuration's or trigger's state may have changed). */
  onAttempt?: () => void;
}

/**
 * Delivers trigger events to every matching configuration (docs/arqsign.md#configuration-filters, #hmac-signature, #delivery-retries-and-deactivation).
 *
 * Timing: attempt n is due `offset(n) × timeScale` of real time after the first attempt. Advancing
 * the simulator clock by S seconds counts as S seconds of schedule time: every pending retry is
 * re-armed `S × timeScale` earlier (attempts that fall due fire at once, one after the other).
 */
export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  readonly events: EventRecord[] = [];
  private readonly pending = new Map<string, PendingDelivery>();
  private readonly inFlight = new Set<ClientRequest>();
  private readonly running = new Set<Promise<void>>();
  private paused = false;
  private closed = false;

  constructor(private readonly deps: DispatcherDeps) {
    deps.clock.onAdvance(() => this.rearm());
  }

  /** Queues an event for every active configuration with that trigger active whose filters match. */
  emit(snapshot: EventSnapshot): void {
    if (this.closed) return;
    const configs = this.deps.webhooks.all().filter((c) => this.accepts(c, snapshot.trigger, snapshot.process));
    this.events.push({
      trigger: snapshot.trigger,
      processId: snapshot.process.id,
      at: isoUtc(this.deps.clock.now()) as string,
      webhookIds: configs.map((c) => c.id),
    });
    for (const config of configs) {
      const delivery: PendingDelivery = {
        id: randomUUID(),
        configId: config.id,
        trigger: snapshot.trigger,
        snapshot,
        attempts: 0,
        firstAttemptReal: 0,
        advanceAtFirst: 0,
        state: 'scheduled',
      };
      this.pending.set(delivery.id, delivery);
      this.arm(delivery);
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const d of this.pending.values()) if (d.state === 'paused') this.arm(d);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Re-activation (3.16) resets the configuration's triggers and their failure counts. */
  reactivate(config: WebhookConfig): void {
    config.status = 1;
    for (const t of config.gatilhos) {
      t.ativo = true;
      t.failures = 0;
    }
  }

  /** Deactivation (3.16 status 2, or 401/403/404) drops the configuration's queued deliveries. */
  dropConfig(configId: string, trigger?: number): void {
    for (const d of [...this.pending.values()]) {
      if (d.configId !== configId || (trigger !== undefined && d.trigger !== trigger) || d.state === 'in-flight') continue;
      clearTimeout(d.timer);
      this.pending.delete(d.id);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const d of this.pending.values()) clearTimeout(d.timer);
    this.pending.clear();
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    await Promise.allSettled([...this.running]);
  }

  /** Filters (4.3): no filter → every process; user/group filter AND folder filter. */
  private accepts(config: WebhookConfig, trigger: number, process: SimProcess): boolean {
    if (config.status !== 1) return false;
    if (!config.gatilhos.some((t) => t.id === trigger && t.ativo)) return false;
    const bySender = config.usuarios.length > 0 || config.grupos.length > 0;
    if (bySender) {
      const inUsers = config.usuarios.includes(process.idResponsavel);
      const inGroups = config.grupos.some((gid) => this.deps.groupMembers(gid).includes(process.idResponsavel));
      if (!inUsers && !inGroups) return false;
    }
    if (config.pastas.length > 0 && !config.pastas.includes(process.idPasta)) return false;
    return true;
  }

  private arm(d: PendingDelivery): void {
    if (this.closed) return;
    clearTimeout(d.timer);
    if (this.paused) {
      d.state = 'paused';
      return;
    }
    d.state = 'scheduled';
    let delay = 0;
    if (d.attempts > 0) {
      const advancedMs = (this.deps.clock.advancedSeconds - d.advanceAtFirst) * 1000;
      const due = d.firstAttemptReal + (attemptOffsetMs(d.attempts + 1) - advancedMs) * this.deps.timeScale;
      // Rounded up: timers take whole milliseconds (a fractional delay is cut), and a retry must never fire early.
      delay = Math.max(0, Math.ceil(due - Date.now()));
    }
    d.timer = setTimeout(() => this.track(this.attempt(d)), delay);
    d.timer.unref();
  }

  private rearm(): void {
    for (const d of this.pending.values()) if (d.state === 'scheduled') this.arm(d);
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async attempt(d: PendingDelivery): Promise<void> {
    const config = this.deps.webhooks.get(d.configId);
    const trigger = config?.gatilhos.find((t) => t.id === d.trigger);
    if (this.closed || !config || config.status !== 1 || !trigger?.ativo) {
      this.pending.delete(d.id);
      return;
    }
    if (this.paused) {
      d.state = 'paused';
      return;
    }
    d.state = 'in-flight';
    if (d.attempts === 0) {
      d.firstAttemptReal = Date.now();
      d.advanceAtFirst = this.deps.clock.advancedSeconds;
    }
    d.attempts += 1;
    const now = this.deps.clock.now();
    const realTime = Date.now();
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(await this.deps.builder.build(d.snapshot, config, now)), 'utf8');
    } catch (err) {
      this.deps.log(`webhook ${config.id} trigger ${d.trigger}: payload failed: ${(err as Error).message}`);
      this.pending.delete(d.id);
      return;
    }
    if (this.closed) return;
    const result = await postJson(
      config.urlPublicar,
      body,
      { 'Content-Type': 'application/json; charset=utf-8', HMAC: signWebhookBody(config.hmac, body), 'User-Agent': 'ArqSIGN-Simulator' },
      this.deps.timeoutMs,
      this.inFlight,
    );
    if (this.closed) return;

    let outcome: DeliveryRecord['outcome'];
    if (result.status === 200) outcome = 'delivered';
    else if (result.status === 401 || result.status === 403 || result.status === 404) outcome = 'deactivated';
    else if (result.timedOut) outcome = config.aguardarRetorno ? 'timeout' : 'timeout-accepted';
    else outcome = 'failed';

    this.deliveries.push({
      webhookId: config.id,
      trigger: d.trigger,
      processId: d.snapshot.process.id,
      url: config.urlPublicar,
      attempt: d.attempts,
      status: result.status,
      outcome,
      error: result.error ?? null,
      at: isoUtc(now) as string,
      realTime,
      durationMs: result.durationMs,
    });
    this.deps.log(`webhook ${config.nome} trigger ${d.trigger} attempt ${d.attempts}: ${outcome} (${result.status ?? result.error})`);
    this.deps.onAttempt?.();

    switch (outcome) {
      case 'delivered':
        trigger.failures = 0; // a success zeroes the trigger's failure count (4.7)
        this.pending.delete(d.id);
        return;
      case 'timeout-accepted':
        this.pending.delete(d.id);
        return;
      case 'deactivated':
        // 401/403/404: never retried; the whole configuration becomes "Inativo por falhas".
        config.status = 3;
        this.pending.delete(d.id);
        this.dropConfig(config.id);
        return;
      default:
        trigger.failures += 1;
        if (d.attempts >= MAX_ATTEMPTS) {
          // 14th failure: the trigger is deactivated and its queued failure records are dropped.
          trigger.ativo = false;
          this.pending.delete(d.id);
          this.dropConfig(config.id, d.trigger);
          return;
        }
        this.arm(d);
    }
  }
}
