// API keys: create (the key is shown once), list, change limits and budget, revoke. Used by /me and /admin.
import { api, esc } from './api.js';
import { t } from './i18n.js';

const LIMITS = ['rpm', 'tpm', 'max_concurrent', 'budget_tokens'];
const LABELS = { rpm: 'rpm', tpm: 'tpm', max_concurrent: 'concurrency', budget_tokens: 'budget' };

export function keyManager(root, { all = false } = {}) {
  root.innerHTML = `
    <form class="filters create-key">
      <input name="name" required data-i18n-placeholder="key_name" placeholder="${esc(t('key_name'))}" aria-label="${esc(t('key_name'))}">
      <input name="rpm" type="number" min="1" placeholder="${esc(t('rpm'))}" aria-label="${esc(t('rpm'))}">
      <input name="tpm" type="number" min="1" placeholder="${esc(t('tpm'))}" aria-label="${esc(t('tpm'))}">
      <input name="max_concurrent" type="number" min="1" placeholder="${esc(t('concurrency'))}" aria-label="${esc(t('concurrency'))}">
      <input name="budget_tokens" type="number" min="1" placeholder="${esc(t('budget'))}" aria-label="${esc(t('budget'))}">
      <select name="budget_period" aria-label="${esc(t('budget_period'))}"><option value="month">month</option><option value="day">day</option></select>
      <input name="allowed_models" placeholder="${esc(t('models'))} (a,b)" aria-label="${esc(t('allowed_models'))}">
      <button class="primary" type="submit">${esc(t('create_key'))}</button>
    </form>
    <div class="new-key hidden"><p>${esc(t('key_once'))}</p><div class="secret"></div></div>
    <div class="key-error error"></div>
    <table tabindex="0"><thead><tr><th>${esc(t('key_name'))}</th><th>${esc(t('prefix'))}</th>${all ? `<th>${esc(t('owner'))}</th>` : ''}
      <th>${esc(t('status'))}</th><th>${esc(t('rpm'))}</th><th>${esc(t('tpm'))}</th><th>${esc(t('concurrency'))}</th>
      <th>${esc(t('budget'))}</th><th>${esc(t('created'))}</th><th></th></tr></thead><tbody class="key-rows"></tbody></table>`;
  const rows = root.querySelector('.key-rows');
  const error = root.querySelector('.key-error');

  async function load() {
    const res = await api('/api/v1/keys?limit=200' + (all ? '&all=true' : ''));
    rows.innerHTML = res.data.map(k => `<tr data-id="${esc(k.id)}" data-status="${esc(k.status)}">
      <td>${esc(k.name)}</td><td><code>${esc(k.prefix)}</code></td>${all ? `<td>${esc(k.user_id)}</td>` : ''}
      <td>${esc(k.status)}</td>
      ${LIMITS.map(f => `<td><input class="limit" name="${f}" type="number" min="1" aria-label="${esc(t(LABELS[f]) + ' · ' + k.name)}" value="${k[f] ?? ''}" ${k.status !== 'active' ? 'disabled' : ''}></td>`).join('')}
      <td>${esc((k.created_at || '').slice(0, 19).replace('T', ' '))}</td>
      <td>${k.status === 'active' ? `<button class="save">${esc(t('save'))}</button> <button class="danger revoke">${esc(t('revoke'))}</button>` : ''}</td></tr>`).join('');
  }

  root.querySelector('.create-key').addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    const f = new FormData(e.target);
    const body = { name: f.get('name') };
    for (const k of LIMITS) if (f.get(k)) body[k] = Number(f.get(k));
    if (body.budget_tokens) body.budget_period = f.get('budget_period');
    const models = String(f.get('allowed_models') || '').split(',').map(s => s.trim()).filter(Boolean);
    if (models.length) body.allowed_models = models;
    try {
      const k = await api('/api/v1/keys', { method: 'POST', body });
      root.querySelector('.new-key').classList.remove('hidden');
      root.querySelector('.secret').textContent = k.key;
      e.target.reset();
      await load();
    } catch (err) { error.textContent = err.message; }
  });

  rows.addEventListener('click', async e => {
    const tr = e.target.closest('tr');
    if (!tr) return;
    error.textContent = '';
    try {
      if (e.target.classList.contains('revoke')) {
        await api(`/api/v1/keys/${encodeURIComponent(tr.dataset.id)}`, { method: 'DELETE' });
      } else if (e.target.classList.contains('save')) {
        const body = {};
        tr.querySelectorAll('input.limit').forEach(i => { body[i.name] = i.value === '' ? null : Number(i.value); });
        await api(`/api/v1/keys/${encodeURIComponent(tr.dataset.id)}`, { method: 'PATCH', body });
      } else return;
      await load();
    } catch (err) { error.textContent = err.message; }
  });
  return load();
}

/** Usage table: GET /api/v1/usage grouped by user, key, model or day. */
/** Usage grouped by {@code groupBy}; with {@code names} (user id → username) users are shown by name. */
export async function usageTable(root, groupBy, extra = '', names = null) {
  const res = await api(`/api/v1/usage?group_by=${encodeURIComponent(groupBy)}${extra}`);
  root.innerHTML = `<table tabindex="0"><thead><tr><th>${esc(groupBy)}</th><th>${esc(t('requests'))}</th><th>${esc(t('tokens_in'))}</th>
    <th>${esc(t('tokens_out'))}</th><th>${esc(t('error'))}</th><th>avg ms</th><th>TTFT ms</th></tr></thead><tbody>`
    + res.data.map(u => `<tr><td>${groupBy === 'user' && names?.has(u.key) ? `<span title="${esc(u.key)}">${esc(names.get(u.key))}</span>` : esc(u.key ?? '—')}</td><td>${u.requests}</td><td>${u.tokens_in}</td><td>${u.tokens_out}</td>
      <td>${u.errors}</td><td>${fmt(u.avg_latency_ms)}</td><td>${fmt(u.avg_ttft_ms)}</td></tr>`).join('') + '</tbody></table>';
}

export function fmt(v) { return v == null ? '—' : Number(v).toFixed(1); }
