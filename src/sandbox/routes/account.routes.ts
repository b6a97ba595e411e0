import { addDays, isoDate, parseDateInput } from '../formats';
import { HttpError, sendJson } from '../http/http-io';
import type { Route } from '../http/router';
import type { SimulatorContext } from '../simulator-context';
import { ACCOUNT_STATUS_NAMES, ITEM_NAMES, type ItemId, type SimFolder } from '../state/account-store';
import { isPlainObject, type Json } from '../validation/canonical-keys';
import { Problems, Reader } from '../validation/problems';
import { CONSUMPTION_SPEC, FOLDERS_SPEC, USERS_SPEC } from '../validation/request-specs';
import { canonicalBody } from './route-helpers';

/** docs/arqsign.md#account-lookups: folders, users, roles, consumption and subscription data. */
export function accountRoutes(ctx: SimulatorContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/v1/diretorio/buscar-pastas',
      handler: async (request) => {
        const body = await canonicalBody(request, FOLDERS_SPEC);
        sendJson(request.res, 200, searchFolders(ctx, isPlainObject(body) ? body : {}));
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/usuarios/buscar-usuarios',
      handler: async (request) => {
        const body = await canonicalBody(request, USERS_SPEC);
        sendJson(request.res, 200, searchUsers(ctx, isPlainObject(body) ? body : {}));
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/conta/papeis-signatarios',
      handler: (request) => {
        sendJson(request.res, 200, ctx.account.roles.map((r) => ({ id: r.id, nome: r.nome, padrao: r.padrao })));
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/conta/buscar-consumo-itens-assinatura',
      handler: async (request) => {
        const body = await canonicalBody(request, CONSUMPTION_SPEC);
        sendJson(request.res, 200, consumption(ctx, isPlainObject(body) ? body : {}));
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/conta/dados-assinatura',
      handler: (request) => {
        sendJson(request.res, 200, subscriptionData(ctx));
      },
    },
  ];
}

/** 3.9 — `buscarPor` 1 full path of given folders, 2 children of one folder, 3 root + first level. */
function searchFolders(ctx: SimulatorContext, body: Json) {
  const problems = new Problems();
  const r = new Reader(problems);
  const buscarPor = r.int(body, 'buscarPor', '', { required: true });
  if (buscarPor !== undefined && ![1, 2, 3].includes(buscarPor)) problems.format('buscarPor');
  const ativas = r.bit(body, 'ativas', '') ?? false;
  let ids: string[] = [];
  if (buscarPor === 1 || buscarPor === 2) {
    ids = r.guids(body, 'pastas', '', { required: true }) ?? [];
    if (!ids.length) problems.required('pastas');
    if (buscarPor === 2 && ids.length > 1) problems.format('pastas');
    for (const id of ids) if (!ctx.account.folder(id)) problems.unknownId(id);
  }
  if (problems.any) throw new HttpError(400, problems.toMessage());

  const visible = (f: SimFolder) => !ativas || !f.deleted;
  const fullPath = (f: SimFolder) =>
    ctx.account
      .folderPath(f.id)
      .map((x) => x.nome)
      .join('|');
  const item = (f: SimFolder) => ({ id: f.id, nome: f.nome, caminhoCompleto: fullPath(f), status: f.deleted ? 'Excluída' : 'Ativa' });
  const children = (f: SimFolder) =>
    ctx.account
      .children(f.id)
      .filter(visible)
      .sort((a, b) => a.nome.localeCompare(b.nome, 'pt-BR'))
      .map((c) => ({ ...item(c), possuiFilhos: ctx.account.children(c.id).some(visible) }));

  if (buscarPor === 1) {
    return ids
      .map((id) => ctx.account.folder(id)!)
      .filter(visible)
      .map((f) => ({ ...item(f), filhos: null }));
  }
  const parents = buscarPor === 2 ? [ctx.account.folder(ids[0])!] : ctx.account.children(null);
  return parents.filter(visible).map((f) => ({ ...item(f), filhos: children(f) }));
}

/** 3.10 — `ativos` required when `usuarios` is empty; unknown ids skipped if one is known. */
function searchUsers(ctx: SimulatorContext, body: Json) {
  const problems = new Problems();
  const r = new Reader(problems);
  const ids = r.guids(body, 'usuarios', '') ?? [];
  const ativos = ids.length ? undefined : r.bit(body, 'ativos', '', { required: true });
  if (problems.any) throw new HttpError(400, problems.toMessage());
  let users = ctx.account.users;
  if (ids.length) {
    users = users.filter((u) => ids.includes(u.id));
    if (!users.length) throw new HttpError(400, withIds(ids).toMessage());
  } else if (ativos) {
    users = users.filter((u) => u.status === 1);
  }
  return [...users]
    .sort((a, b) => a.nome.localeCompare(b.nome, 'pt-BR'))
    .map((u) => ({ id: u.id, nome: u.nome, status: u.status, remetente: u.remetente }));
}

function withIds(ids: string[]): Problems {
  const p = new Problems();
  ids.forEach((id) => p.unknownId(id));
  return p;
}

/** 3.12 — usage per item in [dataInicial, dataFinal] (whole days, UTC), at most one year. */
function consumption(ctx: SimulatorContext, body: Json) {
  const problems = new Problems();
  const r = new Reader(problems);
  const rawStart = r.str(body, 'dataInicial', '', { required: true });
  const rawEnd = r.str(body, 'dataFinal', '', { required: true });
  const start = rawStart === undefined ? undefined : parseDateInput(rawStart);
  const end = rawEnd === undefined ? undefined : parseDateInput(rawEnd);
  if (rawStart !== undefined && !start) problems.format('dataInicial');
  if (rawEnd !== undefined && !end) problems.format('dataFinal');
  if (start && end && (start > end || addDays(start, 366) < end)) {
    problems.format('dataInicial');
    problems.format('dataFinal');
  }
  const rawItem = body.item;
  const itemValue = typeof rawItem === 'string' && /^\d+$/.test(rawItem) ? Number(rawItem) : rawItem;
  let item: number | undefined;
  if (rawItem === undefined || rawItem === null) problems.required('item');
  else if (typeof itemValue !== 'number' || ![0, 1, 2, 3].includes(itemValue)) problems.unknownId(String(rawItem)); // E_IDS as documented
  else item = itemValue;
  if (problems.any || !start || !end || item === undefined) throw new HttpError(400, problems.toMessage());

  const endOfDay = new Date(end.getTime() + 86_399_999);
  const items = (item === 0 ? [1, 2, 3] : [item]) as ItemId[];
  return {
    idConta: ctx.account.id,
    nomeConta: ctx.account.nome,
    itens: items.map((id) => ({ id, nome: ITEM_NAMES[id], quantidade: ctx.account.consumed(id, start, endOfDay) })),
  };
}

/** 3.13 — `Conta` capitalised as in the documented example. */
function subscriptionData(ctx: SimulatorContext) {
  const a = ctx.account;
  const start = a.subscriptionStart;
  const end = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), start.getUTCDate() - 1));
  return {
    Conta: { id: a.id, nome: a.nome, idStatus: a.status, status: ACCOUNT_STATUS_NAMES[a.status] },
    plano: { id: a.planId, tipoPlano: 'C', nome: 'API Corporativo', periodo: 'A', valor: 0 },
    assinatura: {
      id: a.subscriptionId,
      inicioVigencia: isoDate(start),
      fimVigencia: isoDate(end),
      trial: false,
      itens: ([1, 2, 3] as ItemId[]).map((id) => ({ id, nome: ITEM_NAMES[id], saldo: a.balances[id], permiteExcedente: false })),
    },
  };
}
