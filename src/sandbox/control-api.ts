import { isoUtc } from './formats';
import type { FaultMode } from './http/faults';
import { HttpError, sendEmpty, sendJson } from './http/http-io';
import type { Route, RouteRequest } from './http/router';
import type { SimulatorContext } from './simulator-context';
import type { SignDetails } from './state-machine';
import type { SimProcess } from './state/process-model';
import { isPlainObject, type Json } from './validation/canonical-keys';
import { controlState } from './views/process-views';

const ACTIONS = ['sign', 'refuse', 'fail-delivery', 'expire', 'cancel', 'delete'] as const;
type Action = (typeof ACTIONS)[number];
const FAULT_MODES: FaultMode[] = ['error500', 'rateLimit', 'timeout'];

/**
 * Test-control API (docs/behaviour.md#sandbox-simulator, docs/arqsign.md#sandbox-simulator): no authentication, simulator only. Errors use the
 * same `{ status, mensagem }` body; 409 = the action is impossible in the process's current state.
 */
export function controlRoutes(ctx: SimulatorContext): Route[] {
  const body = async (request: RouteRequest): Promise<Json> => {
    const value = await request.body();
    if (value === undefined) return {};
    if (!isPlainObject(value)) throw new HttpError(400, 'O corpo deve ser um objeto JSON.');
    return value;
  };
  const processOf = (rawId: string): SimProcess => {
    const process = ctx.processes.get(rawId);
    if (!process) throw new HttpError(404, `Processo não encontrado: ${rawId}`);
    return process;
  };

  return [
    {
      method: 'GET',
      pattern: '/__sim/account',
      handler: (request) => sendJson(request.res, 200, ctx.options.account),
    },
    {
      method: 'GET',
      pattern: '/__sim/processes',
      handler: (request) => sendJson(request.res, 200, ctx.processes.all().map(controlState)),
    },
    {
      method: 'GET',
      pattern: '/__sim/processes/{id}',
      handler: (request) => sendJson(request.res, 200, controlState(processOf(request.params.id))),
    },
    {
      method: 'GET',
      pattern: '/__sim/rate-limit',
      handler: (request) => sendJson(request.res, 200, { enabled: ctx.limiter !== null, rejected: ctx.limiter?.rejected ?? 0 }),
    },
    {
      method: 'GET',
      pattern: '/__sim/processes/{id}/send-request',
      handler: (request) => sendJson(request.res, 200, processOf(request.params.id).sendRequest ?? null),
    },
    {
      method: 'POST',
      pattern: '/__sim/processes/{id}/actions',
      handler: async (request) => {
        const process = processOf(request.params.id);
        const input = await body(request);
        const action = input.action as Action;
        if (!ACTIONS.includes(action)) throw new HttpError(400, `action deve ser um de: ${ACTIONS.join(', ')}`);
        const signer = typeof input.signer === 'string' && input.signer.trim() ? input.signer : undefined;
        const reason = typeof input.reason === 'string' ? input.reason : undefined;
        switch (action) {
          case 'sign':
            await ctx.machine.sign(process, signer, signDetails(input));
            break;
          case 'refuse':
            ctx.machine.refuse(process, signer, reason);
            break;
          case 'fail-delivery':
            ctx.machine.failDelivery(process, signer);
            break;
          case 'expire':
            ctx.machine.expire(process);
            break;
          case 'cancel':
            ctx.machine.cancel(process);
            break;
          case 'delete':
            ctx.machine.delete(process);
            break;
        }
        sendJson(request.res, 200, controlState(process));
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/deliveries',
      handler: (request) => {
        const { processId, webhookId, trigger } = Object.fromEntries(request.query);
        const list = ctx.dispatcher.deliveries.filter(
          (d) =>
            (!processId || d.processId === processId.toLowerCase()) &&
            (!webhookId || d.webhookId === webhookId.toLowerCase()) &&
            (!trigger || d.trigger === Number(trigger)),
        );
        sendJson(request.res, 200, list);
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/events',
      handler: (request) => {
        const processId = request.query.get('processId')?.toLowerCase();
        sendJson(request.res, 200, ctx.dispatcher.events.filter((e) => !processId || e.processId === processId));
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/clock',
      handler: (request) => sendJson(request.res, 200, clockState(ctx)),
    },
    {
      method: 'POST',
      pattern: '/__sim/clock',
      handler: async (request) => {
        const seconds = Number((await body(request)).advanceSeconds);
        if (!Number.isFinite(seconds) || seconds < 0) throw new HttpError(400, 'advanceSeconds deve ser um número não negativo.');
        ctx.clock.advance(seconds); // also pulls pending webhook retries in (dispatcher)
        ctx.machine.sweepExpired();
        sendJson(request.res, 200, clockState(ctx));
      },
    },
    {
      method: 'POST',
      pattern: '/__sim/webhooks/pause',
      handler: (request) => {
        ctx.dispatcher.pause();
        sendJson(request.res, 200, webhookState(ctx));
      },
    },
    {
      method: 'POST',
      pattern: '/__sim/webhooks/resume',
      handler: (request) => {
        ctx.dispatcher.resume();
        sendJson(request.res, 200, webhookState(ctx));
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/webhooks',
      handler: (request) => sendJson(request.res, 200, webhookState(ctx)),
    },
    {
      method: 'GET',
      pattern: '/__sim/faults',
      handler: (request) => sendJson(request.res, 200, ctx.faults.list()),
    },
    {
      method: 'DELETE',
      pattern: '/__sim/faults',
      handler: (request) => {
        ctx.faults.clear();
        sendEmpty(request.res, 204);
      },
    },
    {
      method: 'POST',
      pattern: '/__sim/faults',
      handler: async (request) => {
        const input = await body(request);
        const path = input.path;
        const mode = input.mode as FaultMode;
        const count = input.count === undefined ? 1 : Number(input.count);
        const retryAfter = input.retryAfterSeconds === undefined ? null : Number(input.retryAfterSeconds);
        if (typeof path !== 'string' || !path.trim()) throw new HttpError(400, 'path é obrigatório.');
        if (!FAULT_MODES.includes(mode)) throw new HttpError(400, `mode deve ser um de: ${FAULT_MODES.join(', ')}`);
        if (!Number.isInteger(count) || count < 1) throw new HttpError(400, 'count deve ser um inteiro positivo.');
        if (retryAfter !== null && !(retryAfter >= 0)) throw new HttpError(400, 'retryAfterSeconds deve ser não negativo.');
        sendJson(request.res, 200, ctx.faults.add(path, mode, count, retryAfter));
      },
    },
  ];
}

function clockState(ctx: SimulatorContext) {
  return { now: isoUtc(ctx.clock.now()), advancedSeconds: ctx.clock.advancedSeconds };
}

function webhookState(ctx: SimulatorContext) {
  return { paused: ctx.dispatcher.isPaused, pending: ctx.dispatcher.pendingCount };
}

/** Optional signature details: `ip`, `geoLocalizacao`, `pessoaFisica`, `pessoaJuridica`, `anexos`. */
function signDetails(input: Json): SignDetails {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const pf = isPlainObject(input.pessoaFisica) ? input.pessoaFisica : undefined;
  const pj = isPlainObject(input.pessoaJuridica) ? input.pessoaJuridica : undefined;
  const anexos = Array.isArray(input.anexos) ? input.anexos.filter(isPlainObject) : undefined;
  return {
    ip: str(input.ip),
    geoLocalizacao: str(input.geoLocalizacao),
    pessoaFisica: pf && { nome: str(pf.nome), tipoDocumento: str(pf.tipoDocumento), numeroDocumento: str(pf.numeroDocumento) },
    pessoaJuridica: pj && {
      nomeEmpresa: str(pj.nomeEmpresa),
      tipoDocumento: str(pj.tipoDocumento),
      numeroDocumento: str(pj.numeroDocumento),
    },
    anexos: anexos
      ?.filter((a) => str(a.nome))
      .map((a) => ({ nome: a.nome as string, arquivoNome: str(a.arquivoNome), base64: str(a.base64) })),
  };
}
