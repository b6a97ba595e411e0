import { createHash } from 'node:crypto';
import { recordFileName } from '../files/process-files';
import { HttpError, sendJson } from '../http/http-io';
import type { Route } from '../http/router';
import { ATTACHMENTS, PROCESS_STATE, eFormat, eIds } from '../messages';
import { folderPathText, responsibleName, type SimulatorContext } from '../simulator-context';
import type { SimProcess } from '../state/process-model';
import { isPlainObject } from '../validation/canonical-keys';
import { Problems, Reader, isGuid } from '../validation/problems';
import { ATTACHMENTS_SPEC, RESEND_ITEM_SPEC, SEND_PROCESS_SPEC } from '../validation/request-specs';
import { validateResend } from '../validation/resend.validator';
import { validateSendProcess } from '../validation/send-process.validator';
import { processDates, processFields, resendResponse, sendResponse, signerView, signersV1, statusV1 } from '../views/process-views';
import { canonicalBody, loadProcess } from './route-helpers';

/** docs/arqsign.md#endpoints: the process endpoints. */
export function processRoutes(ctx: SimulatorContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/v2/processo/enviar-documento-para-assinar',
      handler: async (request) => {
        const body = await canonicalBody(request, SEND_PROCESS_SPEC);
        const result = await validateSendProcess(body, ctx.account, ctx.options.maxProcessBytes);
        if (!result.ok) throw new HttpError(400, result.message);
        const process = ctx.machine.create(result.draft);
        process.sendRequest = receivedRequest(body);
        sendJson(request.res, 200, sendResponse(process));
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/processo/{idProcesso}',
      handler: async (request) => {
        const process = loadProcess(ctx, request.params.idProcesso);
        sendJson(request.res, 200, await processV2(ctx, process));
      },
    },
    {
      method: 'PATCH',
      pattern: '/api/v2/processo/{idProcesso}/reenviar-processo',
      handler: async (request) => {
        const process = loadProcess(ctx, request.params.idProcesso);
        ctx.machine.assertCanChange(process);
        const body = await canonicalBody(request, RESEND_ITEM_SPEC, true);
        const result = validateResend(body, process);
        if (!result.ok) throw new HttpError(400, result.message);
        ctx.machine.resend(process, result.edits);
        sendJson(request.res, 200, resendResponse(process));
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/processo/{idProcesso}/status-do-processo',
      handler: (request) => {
        sendJson(request.res, 201, statusV1(loadProcess(ctx, request.params.idProcesso))); // 201 as documented
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/processo/{idProcesso}/dados-signatarios',
      handler: (request) => {
        sendJson(request.res, 200, signersV1(loadProcess(ctx, request.params.idProcesso)));
      },
    },
    {
      method: 'PATCH',
      pattern: '/api/v1/processo/{idProcesso}/cancelar-processo',
      handler: (request) => {
        const process = loadProcess(ctx, request.params.idProcesso);
        ctx.machine.cancel(process);
        sendJson(request.res, 200, PROCESS_STATE.cancelled); // a bare JSON string [ASSUMED] (docs/arqsign-gaps.md#gap-10)
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/processo/{idProcesso}/buscar-anexos-signatarios',
      handler: async (request) => {
        const process = loadProcess(ctx, request.params.idProcesso);
        const body = await canonicalBody(request, ATTACHMENTS_SPEC);
        sendJson(request.res, 200, signerAttachments(ctx, process, body));
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/processo/{idArquivoProcesso}/registro-assinaturas',
      handler: async (request) => {
        const rawId = request.params.idArquivoProcesso;
        if (!isGuid(rawId)) throw new HttpError(400, eFormat(['idArquivoProcesso']));
        const found = ctx.processes.findDocument(rawId);
        if (!found) throw new HttpError(400, eIds([rawId]));
        const process = loadProcess(ctx, found.process.id);
        if (process.status === 'Criado') throw new HttpError(422, PROCESS_STATE.isDraft);
        const record = await ctx.files.record(process, found.document);
        sendJson(request.res, 200, {
          idArquivoProcesso: found.document.id,
          nome: recordFileName(found.document.nome, true),
          base64: record.toString('base64'),
        });
      },
    },
  ];
}

/** 3.2 — the whole process, files and records inlined as Base64. */
async function processV2(ctx: SimulatorContext, p: SimProcess) {
  const documentos = [];
  for (const doc of p.documents) {
    documentos.push({
      id: doc.id,
      ordemDocumento: doc.ordem,
      nomeDocumento: doc.nome,
      base64Documento: ctx.files.current(doc).toString('base64'),
      registroAssinaturas: {
        nome: recordFileName(doc.nome),
        base64: (await ctx.files.record(p, doc)).toString('base64'),
      },
    });
  }
  return {
    ...processFields(p, folderPathText(ctx.account, p), responsibleName(ctx.account, p)),
    status: p.status,
    ...processDates(p),
    signatarios: p.recipients.map((r) => signerView(p, r, { getV2Typo: true })),
    documentos,
  };
}

/** 3.7 — uploads per signer, sorted by name; Base64 (1) or download link (2). */
function signerAttachments(ctx: SimulatorContext, process: SimProcess, body: unknown) {
  const problems = new Problems();
  const r = new Reader(problems);
  const root = isPlainObject(body) ? body : {};
  const kind = r.int(root, 'arquivoTipo', '', { required: true });
  if (kind !== undefined && kind !== 1 && kind !== 2) problems.message(ATTACHMENTS.badFileType);
  const ids = r.guids(root, 'signatarios', '') ?? [];
  if (problems.any) throw new HttpError(400, problems.toMessage());

  const signing = process.recipients.filter((x) => x.idTipoAcao === 1);
  let selected = signing;
  if (ids.length) {
    selected = signing.filter((x) => ids.includes(x.id));
    // Ids not in the process are skipped as long as at least one belongs to it.
    if (!selected.length) throw new HttpError(400, eIds(ids));
  }
  return selected.map((signer) => {
    const uploads = [...signer.uploads]
      .map((u) => ({ upload: u, nome: `${u.requestName} - ${u.fileName}` })) // [ASSUMED] name format
      .sort((a, b) => a.nome.localeCompare(b.nome, 'pt-BR'));
    return {
      idSignatario: signer.id,
      nome: signer.nome,
      anexos: uploads.length
        ? uploads.map(({ upload, nome }) => ({
            id: upload.id,
            nome,
            arquivo: kind === 1 ? upload.content.toString('base64') : ctx.links.url('anexo', upload.id),
          }))
        : null,
    };
  });
}

/** What a test reads back of a send (GET /__sim/processes/{id}/send-request): the body without the PDFs' bytes. */
function receivedRequest(body: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  for (const doc of Array.isArray(copy.documentos) ? copy.documentos : []) {
    if (doc && typeof doc.arquivo === 'string') doc.arquivo = `sha256:${createHash('sha256').update(Buffer.from(doc.arquivo, 'base64')).digest('hex')}`;
  }
  return copy;
}
