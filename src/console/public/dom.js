// Tiny DOM helpers: every text goes in as a text node (no innerHTML), so data from ArqSIGN or
// API clients can never become markup.
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const STATUS_TONE = {
  COMPLETED: 'ok', SIGNED: 'ok', STORED: 'ok', PROCESSED: 'ok', ACTIVE: 'ok',
  IN_PROGRESS: 'info', SENDING: 'info', PENDING: 'info', RECEIVED: 'info',
  REFUSED: 'bad', CANCELLED: 'neutral', EXPIRED: 'warn', SEND_FAILED: 'bad', SEND_UNCERTAIN: 'warn',
  DELIVERY_FAILED: 'bad', FAILED: 'bad', QUARANTINED: 'bad', PARKED: 'warn', DUPLICATE: 'neutral',
  INACTIVE: 'warn', INACTIVE_BY_FAILURES: 'bad', MISSING: 'bad', UNKNOWN: 'warn', NONE: 'neutral',
};

export function badge(status) {
  return h('span', { class: `badge s-${STATUS_TONE[status] ?? 'neutral'}` }, status ?? '—');
}

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }));
}

export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));
}

export function alertBox(error) {
  return h('div', { class: 'alert', role: 'alert' }, error.code ? `${error.message} (${error.code})` : String(error.message ?? error));
}

export function announce(text) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

/** An accessible yes/no question in the page's <dialog>; resolves true on Confirm. */
export function confirmAction(title, text, confirmLabel = 'Confirm') {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-text').textContent = text;
  dialog.querySelector('#confirm-ok').textContent = confirmLabel;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    dialog.querySelector('#confirm-cancel').focus();
  });
}

/** replaceChildren that skips null/false/undefined (conditional parts of a view). */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}
