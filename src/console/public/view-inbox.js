// The webhook inbox (admin): deliveries by state, why one is parked/quarantined/failed, its body
// (masked by the service) and replay.
import { api } from './api.js';
import { alertBox, badge, confirmAction, h, when, fill } from './dom.js';

const STATES = ['RECEIVED', 'PROCESSED', 'DUPLICATE', 'PARKED', 'QUARANTINED', 'FAILED'];
const WHY = { PARKED: 'Waiting: ArqSIGN process not known here (yet)', QUARANTINED: 'Not interpretable', FAILED: 'Processing failed until retries ran out' };

export async function inboxView({ main, params, navigate }) {
  const query = new URLSearchParams({ limit: '50' });
  if (params.get('state')) query.set('state', params.get('state'));
  if (params.get('cursor')) query.set('cursor', params.get('cursor'));
  const page = await api.deliveries(query);
  const feedback = h('div', { id: 'inbox-feedback' });
  const bodyPanel = h('section', { id: 'body-panel', 'aria-live': 'polite' });

  const state = h('select', { id: 'f-state', name: 'state' }, h('option', { value: '' }, 'Any state'), STATES.map((s) => h('option', { value: s, selected: params.get('state') === s }, s)));
  const form = h('form', { class: 'card filters', role: 'search', 'aria-label': 'Filter deliveries', onsubmit: (event) => {
    event.preventDefault();
    navigate(state.value ? `#/inbox?state=${state.value}` : '#/inbox');
  } }, h('div', {}, h('label', { for: 'f-state' }, 'State'), state), h('button', { type: 'submit' }, 'Show'));

  const showBody = async (delivery) => {
    try {
      const body = await api.deliveryBody(delivery.id);
      fill(bodyPanel, 
        h('h2', { id: 'body-title', tabindex: '-1' }, `Body of delivery ${delivery.id}`),
        h('p', { class: 'muted' }, `${body.bodySize} bytes as received${body.truncated ? ', cut at 256 KiB' : ''}; secrets, link tokens and file contents masked.`),
        h('pre', { class: 'body', tabindex: '0', 'aria-labelledby': 'body-title' }, body.text || '(empty)'),
      );
      bodyPanel.querySelector('h2').focus();
    } catch (error) {
      fill(bodyPanel, alertBox(error));
    }
  };
  const replay = async (delivery) => {
    if (!(await confirmAction('Replay delivery', `Process delivery ${delivery.id} (${delivery.state}) again? Processing is idempotent.`, 'Replay'))) return;
    try {
      const queued = await api.replay(delivery.id);
      fill(feedback, h('div', { class: 'notice', role: 'status' }, `Delivery ${delivery.id} queued again (${queued.state}).`));
      setTimeout(() => inboxView({ main, params, navigate }).then(() => document.getElementById('inbox-feedback')?.replaceChildren(...feedback.childNodes)), 1000);
    } catch (error) {
      fill(feedback, alertBox(error));
    }
  };

  const rows = page.items.map((d) =>
    h('tr', { 'data-delivery': d.id, 'data-state': d.state },
      h('td', {}, when(d.receivedAt)),
      h('td', {}, badge(d.state)),
      h('td', {}, d.trigger ?? '—', d.eventName ? h('div', { class: 'muted' }, d.eventName) : null),
      h('td', {}, d.processId ? h('a', { href: `#/processes/${d.processId}` }, 'our process') : h('code', {}, d.arqsignProcessId ?? '—')),
      h('td', {}, d.error ?? WHY[d.state] ?? '', d.duplicateOf ? h('div', { class: 'muted' }, `duplicate of ${d.duplicateOf}`) : null),
      h('td', {}, h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'small secondary', 'aria-label': `View body of delivery ${d.id}`, onclick: () => showBody(d) }, 'View body'),
        d.state !== 'DUPLICATE' && d.state !== 'RECEIVED' && h('button', { type: 'button', class: 'small', 'aria-label': `Replay delivery ${d.id}`, onclick: () => replay(d) }, 'Replay'))),
    ));
  const table = rows.length
    ? h('table', { 'aria-label': 'Webhook deliveries, newest first' },
        h('thead', {}, h('tr', {}, ['Received', 'State', 'Trigger', 'Process', 'Reason', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows))
    : h('p', { class: 'card' }, 'No delivery matches.');
  const next = page.nextCursor && h('div', { class: 'pager' }, h('a', { href: `#/inbox?${new URLSearchParams({ ...(params.get('state') ? { state: params.get('state') } : {}), cursor: page.nextCursor })}` }, 'Older deliveries'));
  fill(main, h('h1', {}, 'Webhook inbox'), form, feedback, table, next, bodyPanel);
}
