import { HttpError, sendEmpty, sendJson } from '../http/http-io';
import type { Route } from '../http/router';
import { WEBHOOK_CONFIG, eFormat, eIds } from '../messages';
import type { SimulatorContext } from '../simulator-context';
import { MAX_WEBHOOK_CONFIGS, type WebhookConfig } from '../state/webhook-store';
import { isPlainObject } from '../validation/canonical-keys';
import { Problems, Reader, isGuid } from '../validation/problems';
import { WEBHOOK_CREATE_SPEC, WEBHOOK_STATUS_SPEC } from '../validation/request-specs';
import { validateWebhookConfig } from '../validation/webhook-config.validator';
import { TRIGGER_NAMES } from '../webhooks/triggers';
import { canonicalBody } from './route-helpers';

/** docs/arqsign.md#webhook-configurations: webhook configurations. */
export function webhookConfigRoutes(ctx: SimulatorContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/v1/confwebhook',
      handler: async (request) => {
        const body = await canonicalBody(request, WEBHOOK_CREATE_SPEC);
        const result = validateWebhookConfig(body, ctx.account);
        if (!result.ok) throw new HttpError(400, result.message);
        if (ctx.webhooks.count() >= MAX_WEBHOOK_CONFIGS) throw new HttpError(400, WEBHOOK_CONFIG.limitReached(MAX_WEBHOOK_CONFIGS));
        if (ctx.webhooks.findByName(result.draft.nome)) throw new HttpError(400, WEBHOOK_CONFIG.duplicateName);
        const config = ctx.webhooks.create(result.draft);
        sendJson(request.res, 200, { id: config.id, nome: config.nome, chaveHMAC: config.hmac });
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/confwebhook',
      handler: (request) => {
        const list = [...ctx.webhooks.all()].sort((a, b) => a.nome.localeCompare(b.nome, 'pt-BR')).map(listItem);
        sendJson(request.res, 200, list);
      },
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/confwebhook/{idConfWebHook}/alterar-status',
      handler: async (request) => {
        const rawId = request.params.idConfWebHook;
        if (!isGuid(rawId)) throw new HttpError(400, eFormat(['idConfWebHook']));
        const config = ctx.webhooks.get(rawId);
        if (!config) throw new HttpError(400, eIds([rawId]));
        const body = await canonicalBody(request, WEBHOOK_STATUS_SPEC);
        const problems = new Problems();
        const status = new Reader(problems).int(isPlainObject(body) ? body : {}, 'status', '', { required: true });
        if (status !== undefined && status !== 1 && status !== 2) problems.format('status');
        if (problems.any) throw new HttpError(400, problems.toMessage());
        if (status === 1) {
          ctx.dispatcher.reactivate(config); // also resets the triggers' failure counters (3.16)
        } else {
          config.status = 2;
          ctx.dispatcher.dropConfig(config.id);
        }
        sendEmpty(request.res, 200); // no documented body (docs/arqsign-gaps.md#gap-25)
      },
    },
  ];
}

/** 3.15 — note `aguardaRetorno`, `hmac` and `linkDocumentoCompartilhado` spellings (docs/arqsign-gaps.md#gap-06). */
function listItem(c: WebhookConfig) {
  return {
    id: c.id,
    nome: c.nome,
    status: c.status,
    urlPublicar: c.urlPublicar,
    aguardaRetorno: c.aguardarRetorno,
    hmac: c.hmac,
    usuarios: c.usuarios,
    grupos: c.grupos,
    pastas: c.pastas,
    gatilhos: c.gatilhos.map((t) => ({ id: t.id, nome: TRIGGER_NAMES[t.id], ativo: t.ativo })),
    dadosRetorno: {
      processo: c.dadosRetorno.processo,
      signatarios: c.dadosRetorno.signatarios,
      documentos: c.dadosRetorno.documentos,
      documentosTipo: c.dadosRetorno.documentosTipo,
      linkDocumentoCompartilhado: c.dadosRetorno.linkDocCompartilhado,
      registrosAssinatura: c.dadosRetorno.registrosAssinatura,
      registrosAssinaturaTipo: c.dadosRetorno.registrosAssinaturaTipo,
    },
  };
}
