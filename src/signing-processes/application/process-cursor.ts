import { RequestValidationError } from '../../shared/errors/domain-error';
import type { ProcessCursor } from './signing-process.repository';

/** Opaque list cursor: the (createdAt, id) of the last item of the previous page. */
export function encodeCursor(cursor: ProcessCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id })).toString('base64url');
}

export function decodeCursor(value: string): ProcessCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const createdAt = new Date(String(parsed.t));
    if (typeof parsed.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(parsed.id) || Number.isNaN(createdAt.getTime())) throw new Error('bad cursor');
    return { createdAt, id: parsed.id };
  } catch {
    throw new RequestValidationError([{ field: 'cursor', problem: 'is not a cursor returned by this API' }]);
  }
}
