// Processes: filters (status, created from/to, externalId), newest first, cursor paging.
import { api } from './api.js';
import { badge, h, when, fill } from './dom.js';

const STATUSES = ['SENDING', 'IN_PROGRESS', 'COMPLETED', 'REFUSED', 'CANCELLED', 'EXPIRED', 'SEND_FAILED', 'SEND_UNCERTAIN'];

export async function processesView({ main, params, navigate }) {
  const cursor = params.get('cursor');
  // Page size: 20, or `limit` in the address (1–100).
  const limit = Math.min(100, Math.max(1, Number(params.get('limit')) || 20));
  const query = new URLSearchParams({ limit: String(limit) });
  for (const name of ['status', 'externalId']) if (params.get(name)) query.set(name, params.get(name));
  if (params.get('from')) query.set('createdFrom', new Date(`${params.get('from')}T00:00:00`).toISOString());
  if (params.get('to')) query.set('createdTo', new Date(new Date(`${params.get('to')}T00:00:00`).getTime() + 86_400_000).toISOString());
  if (cursor) query.set('cursor', cursor);
  const page = await api.processes(query);

  const field = (id, label, control) => h('div', {}, h('label', { for: id }, label), control);
  const status = h('select', { id: 'f-status', name: 'status' }, h('option', { value: '' }, 'Any status'), STATUSES.map((s) => h('option', { value: s, selected: params.get('status') === s }, s)));
  const externalId = h('input', { id: 'f-external', name: 'externalId', type: 'search', value: params.get('externalId') ?? '', placeholder: 'e.g. ERP-4711' });
  const from = h('input', { id: 'f-from', name: 'from', type: 'date', value: params.get('from') ?? '' });
  const to = h('input', { id: 'f-to', name: 'to', type: 'date', value: params.get('to') ?? '' });
  const form = h('form', { class: 'card filters', role: 'search', 'aria-label': 'Filter processes', onsubmit: (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (params.get('limit')) next.set('limit', String(limit));
    if (status.value) next.set('status', status.value);
    if (externalId.value.trim()) next.set('externalId', externalId.value.trim());
    if (from.value) next.set('from', from.value);
    if (to.value) next.set('to', to.value);
    navigate(`#/processes?${next}`);
  } },
    field('f-external', 'External id', externalId),
    field('f-status', 'Status', status),
    field('f-from', 'Created from', from),
    field('f-to', 'Created to (inclusive)', to),
    h('button', { type: 'submit' }, 'Search'),
  );

  const rows = page.items.map((p) =>
    h('tr', {},
      h('td', {}, h('a', { href: `#/processes/${p.id}` }, p.name)),
      h('td', {}, p.externalId ?? '—'),
      h('td', {}, badge(p.status)),
      h('td', { class: 'num' }, String(p.signers.length)),
      h('td', {}, badge(p.archive.status)),
      h('td', {}, when(p.createdAt)),
    ),
  );
  const table = rows.length
    ? h('table', { 'aria-label': 'Processes, newest first' },
        h('thead', {}, h('tr', {}, ['Name', 'External id', 'Status', 'Signers', 'Archive', 'Created'].map((c) => h('th', { scope: 'col', class: c === 'Signers' ? 'num' : undefined }, c)))),
        h('tbody', {}, rows))
    : h('p', { class: 'card' }, 'No process matches.');
  const base = new URLSearchParams(params);
  base.delete('cursor');
  const pager = h('div', { class: 'pager' },
    cursor && h('a', { href: `#/processes?${base}` }, 'First page'),
    page.nextCursor && h('a', { href: `#/processes?${new URLSearchParams({ ...Object.fromEntries(base), cursor: page.nextCursor })}` }, 'Next page'),
  );
  fill(main, h('h1', {}, 'Processes'), form, table, pager);
}
