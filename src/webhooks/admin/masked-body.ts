/** Keys whose values are secrets or file contents in an ArqSIGN webhook body. */
const SECRET_KEY = /(hmac|secret|senha|password|token|chave|base64|^arquivo$|conteudo|^codigoseguranca$)/i;
/** Download links carry their access token in the query string. */
const URL_QUERY = /(https?:\/\/[^\s"?#]+)\?[^\s"#]*/g;
const BASE64_RUN = /[A-Za-z0-9+/]{200,}={0,2}/g;
const MAX_SHOWN = 256 * 1024;

export interface MaskedBody {
  /** Pretty-printed JSON (or the text as received) with secrets, link tokens and file contents masked. */
  text: string;
  json: boolean;
  truncated: boolean;
}

/**
 * A stored delivery's body as an operator may see it (docs/console.md): the structure and the
 * facts, never a secret, a download token or a document's Base64.
 */
export function maskWebhookBody(raw: Buffer): MaskedBody {
  const source = raw.toString('utf8');
  let text: string;
  let json = false;
  try {
    text = JSON.stringify(maskValue(JSON.parse(source), undefined), null, 2);
    json = true;
  } catch {
    text = maskText(source);
  }
  const truncated = text.length > MAX_SHOWN;
  return { text: truncated ? `${text.slice(0, MAX_SHOWN)}\n…` : text, json, truncated };
}

function maskValue(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== null && typeof value !== 'boolean' && typeof value !== 'number') return '[masked]';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, undefined));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValue(v, k)]));
  }
  return value;
}

function maskText(text: string): string {
  return text.replace(URL_QUERY, '$1?[masked]').replace(BASE64_RUN, (run) => `[base64, ${run.length} characters]`);
}
