// ArqSIGN webhook configurations (admin): active, inactive (by failures), per-trigger state,
// problems, and re-provisioning.
import { api } from './api.js';
import { alertBox, badge, confirmAction, facts, h, when, fill } from './dom.js';

export async function webhooksView({ main }) {
  const feedback = h('div', { id: 'webhooks-feedback' });
  const list = h('div', { id: 'webhook-configs' });
  const draw = (report) => {
    fill(list, 
      h('p', { class: 'muted' }, 'Read from ArqSIGN at ', when(report.checkedAt), report.healthy ? ' — all healthy.' : ' — needs attention.'),
      ...report.configurations.map((c) =>
        h('section', { class: 'card', 'aria-label': `${c.kind} configuration`, 'data-kind': c.kind, 'data-status': c.status },
          h('h2', {}, `${c.kind === 'tracking' ? 'Tracking' : 'Conclusion'} configuration `, badge(c.status), c.healthy ? '' : h('span', { class: 'badge s-bad' }, 'unhealthy')),
          facts([
            ['Name', c.name],
            ['ArqSIGN id', c.arqsignId && h('code', {}, c.arqsignId)],
            ['URL', [c.url ?? '—', c.urlMatches ? '' : h('span', { class: 's-bad' }, ` (expected ${c.expectedUrl})`)]],
            ['Secret stored', c.secretKnown ? 'yes' : 'no'],
            ['Last provisioned', when(c.lastProvisionedAt)],
            ['Triggers', h('ul', { class: 'triggers' }, c.triggers.map((t) =>
              h('li', {}, h('span', { class: `badge ${t.active ? 's-ok' : 's-bad'}`, title: t.name ?? '' }, `${t.id} ${t.active ? 'active' : 'inactive'}`))))],
          ]),
          c.problems.length ? h('ul', { class: 'alert', 'aria-label': 'Problems' }, c.problems.map((p) => h('li', {}, p))) : null,
        )),
    );
  };
  const provision = h('button', { type: 'button', onclick: async () => {
    if (!(await confirmAction('Re-provision webhooks', 'Create missing configurations in ArqSIGN and re-activate inactive ones (and inactive triggers).', 'Re-provision'))) return;
    provision.disabled = true;
    try {
      const report = await api.provision();
      draw(report);
      fill(feedback, h('div', { class: 'notice', role: 'status' }, `Provisioned: ${report.configurations.map((c) => `${c.kind} ${c.action.toLowerCase()}`).join(', ')}.`));
    } catch (error) {
      fill(feedback, alertBox(error));
    } finally {
      provision.disabled = false;
    }
  } }, 'Re-provision');
  fill(main, h('h1', {}, 'ArqSIGN webhook configurations'), h('div', { class: 'buttons' }, provision), feedback, list);
  try {
    draw(await api.webhookConfigs());
  } catch (error) {
    fill(list, alertBox(error));
  }
}
