// /admin: live targets and workers, metrics charts from /actuator/prometheus, request log, users, keys, usage.
/* global Chart */
import { api, esc } from './api.js';
import { t } from './i18n.js';
import { page } from './nav.js';
import { parseProm, rates } from './prom.js';
import { keyManager, usageTable, fmt } from './keys.js';

const $ = id => document.getElementById(id);
const me = await page(() => location.reload());
if (!me.roles.includes('admin')) {
  $('forbidden').classList.remove('hidden');
  document.body.dataset.ready = 'true';
  throw new Error('not an admin'); // nothing else on this page is for this user
}
$('dashboard').classList.remove('hidden');
const POLL_MS = 2000;
const POINTS = 60;

// --- targets and workers (/health and /api/v1/system/info, every 2 s)
async function pollHealth() {
  let doc;
  try {
    const res = await fetch('/health', { headers: { Accept: 'application/json' } });
    doc = await res.json();
  } catch (e) {
    $('controller').innerHTML = `<span class="state down">DOWN</span> ${esc(e.message)}`;
    return;
  }
  const cluster = doc.checks?.cluster ?? {};
  const d = cluster.details ?? {};
  $('controller').innerHTML = `${esc(t('controller'))}: <span class="state ${cluster.status === 'UP' ? 'up' : 'down'}">${esc(d.controller ?? cluster.status ?? '?')}</span>`
    + ` · ${esc((doc.targets ?? []).join(', '))} · ${doc.uptime_seconds ?? '?'} s`;
  const workers = Object.entries(d.workers ?? {});
  const now = Date.now();
  $('workers').innerHTML = workers.map(([id, w]) => {
    const hb = Date.parse(w.last_heartbeat);
    const ago = Number.isNaN(hb) ? esc(w.last_heartbeat) : `${((now - hb) / 1000).toFixed(1)} s`;
    return `<tr data-worker="${esc(id)}" data-state="${esc(w.state)}" class="${w.state === 'expired' ? 'dead' : ''}">
      <td>${esc(id)}</td><td><span class="state ${esc(w.state)}">${esc(w.state)}</span></td><td>${ago}</td>
      <td>${w.queue_length}</td><td>${esc((w.models ?? []).join(', '))}</td><td>${esc(w.address)}</td></tr>`;
  }).join('') || `<tr><td colspan="6" class="muted">${esc(d.hint ?? '—')}</td></tr>`;
}

async function pollInfo() {
  try {
    const info = await api('/api/v1/system/info');
    const mb = b => (b / 1048576).toFixed(0) + ' MB';
    $('cards').innerHTML = [
      [t('models'), info.models.length], ['CPU', info.cpu.available_processors + ' · load ' + fmt(info.cpu.system_load_average)],
      ['heap', mb(info.memory.heap_used_bytes)], ['RSS', info.memory.process_rss_bytes > 0 ? mb(info.memory.process_rss_bytes) : '—'],
      ['JVM', info.jvm.version], ['uptime', info.uptime_seconds + ' s'],
    ].map(([k, v]) => `<div class="card"><span class="muted">${esc(k)}</span><b>${esc(v)}</b></div>`).join('');
  } catch (e) { $('error').textContent = e.message; }
}

// --- charts from two consecutive Prometheus scrapes
function chart(id, label, series) {
  return new Chart($(id), {
    type: 'line',
    data: { labels: [], datasets: series.map(s => ({ label: s, data: [], tension: 0.2, pointRadius: 0, spanGaps: true })) },
    options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: label } },
      scales: { y: { beginAtZero: true } } },
  });
}
const charts = {
  rps: chart('chart-rps', t('rps'), ['req/s']),
  latency: chart('chart-latency', t('latency'), ['p50', 'p99']),
  ttft: chart('chart-ttft', t('ttft'), ['p50']),
  tps: chart('chart-tps', t('tps'), ['tokens/s']),
  errors: chart('chart-errors', t('errors'), ['errors/s']),
};
let lastScrape = null;
window.llmsvcRates = [];
async function pollMetrics() {
  let text;
  try { text = await (await fetch('/actuator/prometheus')).text(); } catch { return; }
  const cur = { t: Date.now(), samples: parseProm(text) };
  if (lastScrape) {
    const r = rates(lastScrape, cur);
    window.llmsvcRates.push(r);
    const label = new Date(cur.t).toLocaleTimeString();
    const push = (c, ...values) => {
      c.data.labels.push(label);
      values.forEach((v, i) => c.data.datasets[i].data.push(v));
      if (c.data.labels.length > POINTS) { c.data.labels.shift(); c.data.datasets.forEach(ds => ds.data.shift()); }
      c.update();
    };
    push(charts.rps, r.rps);
    push(charts.latency, r.p50, r.p99);
    push(charts.ttft, r.ttft);
    push(charts.tps, r.tps);
    push(charts.errors, r.errors);
  }
  lastScrape = cur;
}

// --- request log (model calls only by default: the pages' own polling and page loads are not what an admin looks
// for); users are shown by name, their id in the tooltip
let cursor = null;
const names = new Map();
const who = id => id == null ? '—' : `<span title="${esc(id)}">${esc(names.get(id) ?? id)}</span>`;
async function loadLogs(more = false) {
  const f = new FormData($('log-filters'));
  const q = new URLSearchParams({ limit: '50' });
  for (const [k, v] of f) if (String(v).trim()) q.set(k, String(v).trim());
  if (more && cursor) q.set('cursor', cursor);
  try {
    const res = await api('/api/v1/logs?' + q);
    cursor = res.next_cursor;
    const html = res.data.map(r => `<tr><td>${esc(r.ts.slice(0, 23).replace('T', ' '))}</td><td class="who">${who(r.user_id)}</td>
      <td>${esc(r.key_prefix ?? '')}</td><td>${esc(r.route)}</td><td>${esc(r.model ?? '')}</td>
      <td>${r.status}${r.error_code ? ' ' + esc(r.error_code) : ''}</td><td>${fmt(r.latency_ms)}</td><td>${fmt(r.ttft_ms)}</td>
      <td>${r.tokens_in ?? ''}</td><td>${r.tokens_out ?? ''}</td><td>${esc(r.target ?? '')}</td></tr>`).join('');
    if (more) $('logs').insertAdjacentHTML('beforeend', html); else $('logs').innerHTML = html;
    $('logs-more').classList.toggle('hidden', !cursor);
    $('error').textContent = '';
  } catch (e) { $('error').textContent = e.message; }
}
$('log-filters').addEventListener('submit', e => { e.preventDefault(); loadLogs(); });
$('logs-more').addEventListener('click', () => loadLogs(true));

// --- users
async function loadUsers() {
  const res = await api('/api/v1/admin/users?limit=200');
  for (const u of res.data) names.set(u.id, u.username);
  $('users').innerHTML = res.data.map(u => `<tr data-id="${esc(u.id)}"><td>${esc(u.username)}${u.display_name ? ' <span class="muted">' + esc(u.display_name) + '</span>' : ''}</td>
    <td><input class="roles" aria-label="${esc(t('roles_of', { u: u.username }))}" value="${esc(u.roles.join(','))}"></td><td>${u.disabled ? '✔' : ''}</td><td>${esc((u.created_at || '').slice(0, 10))}</td>
    <td><button class="save-roles">${esc(t('save'))}</button> <button class="toggle ${u.disabled ? '' : 'danger'}" data-disabled="${u.disabled}">${esc(t(u.disabled ? 'enable' : 'disable'))}</button></td></tr>`).join('');
}
$('users').addEventListener('click', async e => {
  const tr = e.target.closest('tr');
  if (!tr) return;
  const id = encodeURIComponent(tr.dataset.id);
  try {
    if (e.target.classList.contains('toggle')) {
      await api(`/api/v1/admin/users/${id}`, { method: 'PATCH', body: { disabled: e.target.dataset.disabled !== 'true' } });
    } else if (e.target.classList.contains('save-roles')) {
      const roles = tr.querySelector('.roles').value.split(',').map(s => s.trim()).filter(Boolean);
      await api(`/api/v1/admin/users/${id}`, { method: 'PATCH', body: { roles } });
    } else return;
    $('error').textContent = '';
    await loadUsers();
  } catch (err) { $('error').textContent = err.message; }
});

// --- invite links: shown once when made; used ones name the account they made
async function loadInvites() {
  const res = await api('/api/v1/admin/invites');
  const now = Date.now();
  $('invites').innerHTML = res.data.map(i => {
    const state = i.used_at ? t('invite_used', { u: names.get(i.used_by) ?? i.used_by ?? '' })
      : Date.parse(i.expires_at) < now ? t('invite_expired') : t('invite_open');
    return `<tr data-id="${esc(i.id)}"><td>${esc(i.roles.join(', '))}</td><td>${esc(i.created_at.slice(0, 16).replace('T', ' '))}</td>
      <td>${esc(i.expires_at.slice(0, 16).replace('T', ' '))}</td><td class="invite-state">${esc(state)}</td>
      <td>${i.used_at ? '' : `<button class="danger revoke-invite">${esc(t('revoke'))}</button>`}</td></tr>`;
  }).join('');
}
$('invite-form').addEventListener('submit', async e => {
  e.preventDefault();
  const f = new FormData($('invite-form'));
  const roles = String(f.get('roles') || '').split(',').map(s => s.trim()).filter(Boolean);
  try {
    const inv = await api('/api/v1/admin/invites', { method: 'POST', body: { roles, expires_in_days: Number(f.get('expires_in_days') || 7) } });
    $('invite-link').value = location.origin + inv.url;
    $('invite-made').classList.remove('hidden');
    $('invite-link').select();
    $('error').textContent = '';
    await loadInvites();
  } catch (err) { $('error').textContent = err.message; }
});
$('invites').addEventListener('click', async e => {
  if (!e.target.classList.contains('revoke-invite')) return;
  try {
    await api(`/api/v1/admin/invites/${encodeURIComponent(e.target.closest('tr').dataset.id)}`, { method: 'DELETE' });
    await loadInvites();
  } catch (err) { $('error').textContent = err.message; }
});

const showUsage = () => usageTable($('usage'), $('group-by').value, $('model-calls').checked ? '&calls=model' : '', names)
  .catch(e => { $('error').textContent = e.message; });
$('model-calls').addEventListener('change', () => { loadLogs(); showUsage(); });
$('group-by').addEventListener('change', showUsage);

await loadUsers().catch(e => { $('error').textContent = e.message; });
await Promise.all([pollHealth(), pollInfo(), pollMetrics(), loadLogs(), loadInvites(), keyManager($('keys'), { all: true }), showUsage()]);
setInterval(pollHealth, POLL_MS);
setInterval(pollMetrics, POLL_MS);
setInterval(pollInfo, 5 * POLL_MS);
document.body.dataset.ready = 'true';
