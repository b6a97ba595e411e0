import { HttpError } from '../http/http-io';
import type { RouteRequest } from '../http/router';
import { E_DELETED, E_UNKNOWN_PARAM, eFormat, eIds } from '../messages';
import type { SimulatorContext } from '../simulator-context';
import type { SimProcess } from '../state/process-model';
import { canonicalize, type ObjectSpec } from '../validation/canonical-keys';
import { isGuid } from '../validation/problems';

/** Reads the JSON body with documented key spelling; any unknown key → 400 E_UNKNOWN_PARAM. */
export async function canonicalBody(request: RouteRequest, spec: ObjectSpec, arrayOf = false): Promise<unknown> {
  const body = await request.body();
  const unknown: string[] = [];
  const result =
    arrayOf && Array.isArray(body)
      ? body.map((item, i) => canonicalize(item, spec, `[${i}]`, unknown))
      : canonicalize(body, spec, '', unknown);
  if (unknown.length) throw new HttpError(400, E_UNKNOWN_PARAM);
  return result;
}

/** Path id → process of this account: bad GUID → E_FORMAT, unknown → E_IDS, deleted → `Documento excluído.` */
export function loadProcess(ctx: SimulatorContext, rawId: string, label = 'idProcesso'): SimProcess {
  if (!isGuid(rawId)) throw new HttpError(400, eFormat([label]));
  const process = ctx.processes.get(rawId);
  if (!process) throw new HttpError(400, eIds([rawId]));
  if (process.deleted) throw new HttpError(400, E_DELETED);
  return process;
}
