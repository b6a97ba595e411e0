import { WEBHOOK_CONFIG } from '../messages';
import type { AccountStore } from '../state/account-store';
import type { ReturnSections, WebhookConfig, WebhookStatus } from '../state/webhook-store';
import { isPlainObject, type Json } from './canonical-keys';
import { Problems, Reader } from './problems';

export type WebhookConfigDraft = Omit<WebhookConfig, 'id' | 'hmac'>;
export type WebhookConfigValidation = { ok: true; draft: WebhookConfigDraft } | { ok: false; message: string };

/** Validates `POST /api/v1/confwebhook` (3.14). Duplicate name and the 25-config limit are checked by the route. */
export function validateWebhookConfig(body: unknown, account: AccountStore): WebhookConfigValidation {
  const problems = new Problems();
  const r = new Reader(problems);
  const root: Json = isPlainObject(body) ? body : {};
  if (!isPlainObject(body)) problems.format('body');

  const nome = r.str(root, 'nome', '', { required: true, max: 150 });
  const status = r.int(root, 'status', '', { required: true });
  if (status !== undefined && status !== 1 && status !== 2) problems.format('status');
  const rawUrl = r.str(root, 'urlPublicar', '', { required: true });
  const url = rawUrl?.replace(/\s+/g, '');
  if (url !== undefined && !isHttpUrl(url)) problems.format('urlPublicar');
  const aguardarRetorno = r.bit(root, 'aguardarRetorno', '') ?? false;

  const usuarios = filterUsers(r, root, account);
  const grupos = filterKnown(r, root, 'grupos', (id) => !!account.group(id), WEBHOOK_CONFIG.groupsNotFound);
  const pastas = filterKnown(r, root, 'pastas', (id) => !!account.folder(id), WEBHOOK_CONFIG.foldersNotFound);

  const gatilhos = readTriggers(r, root);
  const dadosRetorno = readReturnSections(r, root);

  if (problems.any) return { ok: false, message: problems.toMessage() };
  return {
    ok: true,
    draft: {
      nome: (nome as string).trim(),
      status: status as WebhookStatus,
      urlPublicar: url as string,
      aguardarRetorno,
      usuarios,
      grupos,
      pastas,
      gatilhos: gatilhos.map((id) => ({ id, ativo: true, failures: 0 })),
      dadosRetorno,
    },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Only active users of the account are kept (3.14). */
function filterUsers(r: Reader, root: Json, account: AccountStore): string[] {
  const ids = r.guids(root, 'usuarios', '') ?? [];
  if (!ids.length) return [];
  const known = ids.map((id) => account.user(id)).filter((u) => u !== undefined);
  if (!known.length) {
    r.problems.message(WEBHOOK_CONFIG.usersNotFound);
    return [];
  }
  const active = known.filter((u) => u.status === 1).map((u) => u.id);
  if (!active.length) r.problems.message(WEBHOOK_CONFIG.usersNotActive);
  return active;
}

/** Unknown ids are dropped; all unknown → the given message. */
function filterKnown(r: Reader, root: Json, key: string, exists: (id: string) => boolean, allUnknown: string): string[] {
  const ids = r.guids(root, key, '') ?? [];
  if (!ids.length) return [];
  const kept = ids.filter(exists);
  if (!kept.length) r.problems.message(allUnknown);
  return kept;
}

function readTriggers(r: Reader, root: Json): number[] {
  const list = r.arr(root, 'gatilhos', '', { required: true });
  if (!list) return [];
  if (!list.length) {
    r.problems.required('gatilhos');
    return [];
  }
  const out: number[] = [];
  for (const item of list) {
    const n = typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 8) {
      r.problems.format('gatilhos');
      return [];
    }
    if (!out.includes(n)) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

function readReturnSections(r: Reader, root: Json): ReturnSections {
  const d = r.obj(root, 'dadosRetorno', '');
  const path = 'dadosRetorno';
  const documentos = r.bit(d, 'documentos', path) ?? false;
  const registros = r.bit(d, 'registrosAssinatura', path) ?? false;
  const kind = (key: string, required: boolean): 1 | 2 | null => {
    const v = r.int(d, key, path, { required });
    if (v === undefined) return null;
    if (v !== 1 && v !== 2) {
      r.problems.format(`${path}.${key}`);
      return null;
    }
    return required ? v : null;
  };
  return {
    processo: r.bit(d, 'processo', path) ?? false,
    signatarios: r.bit(d, 'signatarios', path) ?? false,
    documentos,
    documentosTipo: kind('documentosTipo', documentos),
    linkDocCompartilhado: r.bit(d, 'linkDocCompartilhado', path) ?? false,
    registrosAssinatura: registros,
    registrosAssinaturaTipo: kind('registrosAssinaturaTipo', registros),
  };
}
