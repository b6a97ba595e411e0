// The console's shell: the key form, the navigation and a hash router (#/processes,
// #/processes/<id>, #/inbox, #/webhooks). Views live in their own modules.
import { api, session } from './api.js';
import { alertBox, h, fill } from './dom.js';
import { inboxView } from './view-inbox.js';
import { processView } from './view-process.js';
import { processesView } from './view-processes.js';
import { webhooksView } from './view-webhooks.js';

const main = document.getElementById('main');
let whoami = null;
let dispose = null;

function keyForm(error) {
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'api-key-help' });
  const form = h('form', { class: 'card key-form', 'aria-labelledby': 'key-title', onsubmit: async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    try {
      whoami = await api.whoami(key);
      session.key = key;
      input.value = '';
      if (!location.hash || location.hash === '#/') location.hash = '#/processes';
      else render();
    } catch (failure) {
      fill(main, keyForm(failure.status === 401 ? { message: 'That key was not accepted.', code: failure.code } : failure));
    }
  } },
    h('h1', { id: 'key-title' }, 'Sign in with an API key'),
    error && alertBox(error),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('p', { id: 'api-key-help', class: 'muted' }, 'The same key your systems use (in sandbox mode: sandbox-key). It is kept only in this browser tab until you close it or choose "Forget key".'),
    h('button', { type: 'submit' }, 'Use this key'),
  );
  setTimeout(() => input.focus(), 0);
  return form;
}

function showSession() {
  const signedIn = Boolean(whoami);
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('session').hidden = !signedIn;
  if (!signedIn) return;
  document.getElementById('session-label').textContent = `client ${whoami.clientName}${whoami.admin ? ' (admin)' : ''}${whoami.sandbox ? ' · sandbox' : ''}`;
  for (const item of document.querySelectorAll('[data-admin]')) item.hidden = !whoami.admin;
}

function route() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  return { section: parts[0] ?? 'processes', id: parts[1], params: new URLSearchParams(query) };
}

async function render() {
  dispose?.();
  dispose = null;
  if (!session.key) {
    whoami = null;
    showSession();
    fill(main, keyForm());
    return;
  }
  if (!whoami) {
    try {
      whoami = await api.whoami();
    } catch (error) {
      session.key = null;
      whoami = null;
      showSession();
      fill(main, keyForm(error));
      return;
    }
  }
  showSession();
  const { section, id, params } = route();
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const context = { main, whoami, params, navigate: (hash) => (location.hash = hash) };
  try {
    if (section === 'processes' && id) dispose = await processView(context, id);
    else if (section === 'inbox' && whoami.admin) dispose = await inboxView(context);
    else if (section === 'webhooks' && whoami.admin) dispose = await webhooksView(context);
    else dispose = await processesView(context);
  } catch (error) {
    fill(main, h('h1', {}, 'Something went wrong'), alertBox(error));
  }
}

document.getElementById('forget-key').addEventListener('click', () => {
  session.key = null;
  whoami = null;
  location.hash = '';
  render();
});
window.addEventListener('hashchange', () => {
  render();
  main.focus();
});
render();
