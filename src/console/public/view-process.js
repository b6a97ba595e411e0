// One process: status, signers (channel, state), timeline with sources, archived files, commands
// (with a confirmation) and, in sandbox mode, buttons that act as a signer in the simulator.
// Polls every 2 s while open and redraws only what changed.
import { api } from './api.js';
import { alertBox, announce, badge, confirmAction, facts, h, when, fill } from './dom.js';

const POLL_MS = 2000;
const OPEN = ['SENDING', 'IN_PROGRESS', 'SEND_UNCERTAIN'];

const COMMANDS = [
  { command: 'sync', label: 'Sync with ArqSIGN', text: 'Read this process from ArqSIGN again and apply what changed.', when: () => true },
  { command: 'resend', label: 'Resend', text: 'Send the invitation again to every signer who has not signed (renews links and the deadline).', when: (p) => ['IN_PROGRESS', 'EXPIRED'].includes(p.status) },
  { command: 'cancel', label: 'Cancel process', text: 'Cancel this process in ArqSIGN. Signers can no longer sign. This cannot be undone.', when: (p) => OPEN.includes(p.status), danger: true },
  { command: 'restart', label: 'Restart as a new process', text: 'Send the same documents and signers again as a new process.', when: (p) => !OPEN.includes(p.status) && !p.restartedTo },
];

export async function processView({ main, whoami, navigate }, id) {
  const status = h('div', { class: 'card', id: 'process-status' });
  const commands = h('div', { class: 'buttons', id: 'process-commands' });
  const feedback = h('div', { id: 'feedback' });
  const signers = h('section', { 'aria-labelledby': 'signers-title' });
  const timeline = h('section', { 'aria-labelledby': 'timeline-title', id: 'timeline-section' });
  const files = h('section', { 'aria-labelledby': 'files-title' });
  const title = h('h1', {}, 'Process');
  fill(main, 
    h('p', {}, h('a', { href: '#/processes' }, '← All processes')),
    title, status, commands, feedback,
    h('div', { class: 'grid2' }, h('div', {}, signers, files), timeline),
  );

  let last = {};
  let stopped = false;
  const redraw = (part, data, draw) => {
    const key = JSON.stringify(data);
    if (last[part] === key) return false;
    last[part] = key;
    draw();
    return true;
  };

  const act = async (label, run, success) => {
    fill(feedback);
    try {
      await run();
      fill(feedback, h('div', { class: 'notice', role: 'status' }, success));
      await refresh();
    } catch (error) {
      fill(feedback, alertBox(error));
    }
  };

  async function refresh() {
    const [process, history] = await Promise.all([api.process(id), api.history(id)]);
    if (stopped) return;
    title.textContent = process.name;
    const changedStatus = redraw('status', [process.status, process.archive, process.error, process.refusal, process.updatedAt], () => {
      fill(status, facts([
        ['Status', badge(process.status)],
        ['External id', process.externalId],
        ['Our id', h('code', {}, process.id)],
        ['ArqSIGN id', process.arqsignProcessId && h('code', {}, process.arqsignProcessId)],
        ['Client', process.clientName],
        ['Created', when(process.createdAt)],
        ['Updated', when(process.updatedAt)],
        process.completedAt && ['Completed', when(process.completedAt)],
        process.cancelledAt && ['Cancelled', when(process.cancelledAt)],
        process.expiredAt && ['Expired', when(process.expiredAt)],
        ['Archive', [badge(process.archive.status), process.archive.error ? ` ${process.archive.error}` : '']],
        process.error && ['Send error', `${process.error.message} (${process.error.code})`],
        process.refusal && ['Refusal', process.refusal.reason ?? 'no reason given'],
        process.restartedFrom && ['Restarted from', h('a', { href: `#/processes/${process.restartedFrom}` }, process.restartedFrom)],
        process.restartedTo && ['Restarted as', h('a', { href: `#/processes/${process.restartedTo}` }, process.restartedTo)],
      ]));
      fill(commands, ...COMMANDS.filter((c) => c.when(process)).map((c) =>
        h('button', { type: 'button', class: c.danger ? 'danger' : 'secondary', onclick: async () => {
          if (!(await confirmAction(c.label, c.text, c.label))) return;
          await act(c.label, async () => {
            const result = await api.command(id, c.command);
            if (c.command === 'restart' && result?.id) navigate(`#/processes/${result.id}`);
          }, `${c.label}: done.`);
        } }, c.label)));
    });
    if (changedStatus && last.announced && last.announced !== process.status) announce(`Process status is now ${process.status}`);
    last.announced = process.status;

    redraw('signers', [process.signers, process.status], () => drawSigners(signers, process, whoami.sandbox && OPEN.includes(process.status), act));
    redraw('timeline', history.items.map((e) => e.id), () => drawTimeline(timeline, history.items));
    if (redraw('archive', [process.archive.status], () => undefined)) {
      const list = process.archive.status === 'NONE' ? null : await api.files(id);
      if (!stopped) drawFiles(files, process, list, feedback);
    }
  }

  await refresh();
  const timer = setInterval(() => refresh().catch((error) => fill(feedback, alertBox(error))), POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function drawSigners(section, process, sandbox, act) {
  const simulate = (label, action, signer) =>
    h('button', { type: 'button', class: 'small secondary', 'aria-label': `${label} as ${signer.name} (simulator)`, onclick: () =>
      act(label, () => api.sandboxAction(process.id, { action, signerId: signer.id }), `Simulator: ${signer.name} — ${label.toLowerCase()} sent; waiting for ArqSIGN's webhook…`) }, label);
  const rows = process.signers.map((s) =>
    h('tr', {},
      h('td', {}, s.name, s.order ? h('span', { class: 'muted' }, ` #${s.order}`) : null),
      h('td', {}, s.delivery === 'WHATSAPP' ? 'WhatsApp' : 'E-mail', h('br'), h('span', { class: 'muted' }, s.email ?? s.phone ?? '')),
      h('td', {}, badge(s.status), s.signedAt ? h('div', { class: 'muted' }, when(s.signedAt)) : null, s.refusalReason ? h('div', { class: 'muted' }, s.refusalReason) : null),
      sandbox && h('td', {}, s.action === 'SIGN' && s.status === 'PENDING'
        ? h('div', { class: 'buttons' }, simulate('Sign', 'sign', s), simulate('Refuse', 'refuse', s), simulate('Delivery failure', 'fail-delivery', s))
        : '—'),
    ));
  fill(section, 
    h('h2', { id: 'signers-title' }, 'Signers'),
    h('table', { 'aria-labelledby': 'signers-title' },
      h('thead', {}, h('tr', {}, ['Signer', 'Channel', 'State', sandbox && 'Simulator'].filter(Boolean).map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows)),
    sandbox && h('div', { class: 'card sandbox' },
      h('p', {}, h('strong', {}, 'Sandbox: '), 'the buttons above act as the signer in the ArqSIGN simulator; the simulator then sends its signed webhook, and this page follows.'),
      h('button', { type: 'button', class: 'secondary', onclick: () => act('Expire', () => api.sandboxAction(process.id, { action: 'expire' }), 'Simulator: deadline passed; waiting for the webhook…') }, 'Expire the deadline (simulator)')),
  );
}

function drawTimeline(section, items) {
  fill(section, 
    h('h2', { id: 'timeline-title' }, 'Timeline'),
    h('ol', { class: 'timeline', id: 'timeline', 'aria-label': 'Timeline, oldest first' }, items.map((e) =>
      h('li', { 'data-type': e.type },
        h('span', { class: 'when' }, when(e.occurredAt)),
        h('span', { class: 'type' }, e.type),
        h('span', { class: 'source badge s-neutral', title: `actor: ${e.actor}` }, e.source),
        e.toStatus && e.fromStatus !== e.toStatus ? h('span', { class: 'muted' }, ` ${e.fromStatus ?? '—'} → ${e.toStatus}`) : null,
      ))),
  );
}

function drawFiles(section, process, list, feedback) {
  const items = list?.items ?? [];
  fill(section, 
    h('h2', { id: 'files-title' }, 'Archived files'),
    items.length
      ? h('ul', {}, items.map((file) => h('li', {},
          h('button', { type: 'button', class: 'small', onclick: () => api.download(process.id, file).catch((error) => fill(feedback, alertBox(error))) }, `Download ${file.fileName}`),
          h('span', { class: 'muted' }, ` ${file.kind}, ${Math.round(file.size / 1024)} KiB, SHA-256 `), h('code', {}, file.sha256.slice(0, 16)), '…')))
      : h('p', { class: 'muted' }, process.archive.status === 'NONE' ? 'Nothing archived yet: files are stored when the process completes.' : `Archive ${process.archive.status}.`),
  );
}
