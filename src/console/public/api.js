// The console's only door to the service: the same /v1 API every client uses, with the API key
// the operator typed. The key lives in sessionStorage (this tab, until it closes) and is sent as
// a header; it never goes into a URL or the page.
const KEY_ITEM = 'arqsign-bridge.console.apiKey';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? 'HTTP.ERROR';
  }
}

export const session = {
  get key() {
    return sessionStorage.getItem(KEY_ITEM);
  },
  set key(value) {
    if (value) sessionStorage.setItem(KEY_ITEM, value);
    else sessionStorage.removeItem(KEY_ITEM);
  },
};

async function call(method, path, body, key = session.key) {
  const headers = { 'X-Api-Key': key ?? '' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response.status === 204 ? null : response.json();
}

export const api = {
  whoami: (key) => call('GET', '/v1/whoami', undefined, key),
  processes: (query) => call('GET', `/v1/processes?${query}`),
  process: (id) => call('GET', `/v1/processes/${encodeURIComponent(id)}`),
  history: (id) => call('GET', `/v1/processes/${encodeURIComponent(id)}/history`),
  files: (id) => call('GET', `/v1/processes/${encodeURIComponent(id)}/files`),
  command: (id, command, body = {}) => call('POST', `/v1/processes/${encodeURIComponent(id)}/${command}`, body),
  sandboxAction: (id, body) => call('POST', `/v1/sandbox/processes/${encodeURIComponent(id)}/actions`, body),
  deliveries: (query) => call('GET', `/v1/admin/webhook-deliveries?${query}`),
  deliveryBody: (id) => call('GET', `/v1/admin/webhook-deliveries/${encodeURIComponent(id)}/body`),
  replay: (id) => call('POST', `/v1/admin/webhook-deliveries/${encodeURIComponent(id)}/replay`),
  webhookConfigs: () => call('GET', '/v1/admin/arqsign/webhooks'),
  provision: () => call('POST', '/v1/admin/arqsign/webhooks/provision'),

  /** Fetches a stored file with the key header and hands it to the browser as a download. */
  async download(processId, file) {
    const response = await fetch(`/v1/processes/${encodeURIComponent(processId)}/files/${encodeURIComponent(file.id)}`, { headers: { 'X-Api-Key': session.key ?? '' } });
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
