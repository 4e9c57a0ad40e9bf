// /jobs: the user's jobs (admins: everyone's, with a toggle) with live state and progress, their results and
// errors, cancel; admins also see the recurring schedules. Live: one EventSource on /api/jobs/{id}/events per
// unfinished job shown (at most MAX_STREAMS at once, so that the streams never take all of the browser's
// connections to the server); jobs beyond that, and any stream that broke, are followed by polling the list every
// 2 s. The list is also reloaded every 10 s to show jobs started elsewhere.
import { page } from './nav.js';
import { api, esc } from './api.js';
import { t } from './i18n.js';
import { when, downloadFile } from './format.js';

const MAX_STREAMS = 4;
const POLL_MS = 2000;
const REFRESH_MS = 10000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const $ = id => document.getElementById(id);
const state = { jobs: [], streams: new Map(), broken: new Set(), timer: null, recurring: null, loading: null };
const me = await page(() => { render(); renderRecurring(); });
const admin = me.roles.includes('admin');
if (admin) $('all-users-label').classList.remove('hidden');
$('all-users').addEventListener('change', () => load());
$('filter-state').addEventListener('change', () => load());
$('jobs').addEventListener('click', e => {
  const row = e.target.closest('tr');
  if (!row) return;
  if (e.target.classList.contains('cancel')) cancel(row.dataset.id);
  if (e.target.classList.contains('result-download')) { e.preventDefault(); download(e.target.dataset.file); }
});
window.addEventListener('beforeunload', () => { for (const id of [...state.streams.keys()]) unfollow(id); });
await load();
if (admin) await loadRecurring();
highlight();
document.body.dataset.ready = 'true';

function query() {
  const q = new URLSearchParams();
  if (admin && $('all-users').checked) q.set('all', 'true');
  if ($('filter-state').value) q.set('state', $('filter-state').value);
  const s = q.toString();
  return '/api/jobs' + (s ? '?' + s : '');
}

/** Reloads the list; a reload already under way is awaited rather than doubled. */
function load() {
  if (!state.loading) state.loading = reload().finally(() => { state.loading = null; });
  return state.loading;
}

async function reload() {
  clearTimeout(state.timer);
  try {
    state.jobs = (await api(query())).data;
    $('error').textContent = '';
  } catch (e) {
    showError(e);
  }
  render();
  follow();
  schedule();
}

function schedule() {
  clearTimeout(state.timer);
  const polled = state.jobs.some(j => !FINISHED.has(j.state) && !state.streams.has(j.id));
  state.timer = setTimeout(load, polled ? POLL_MS : REFRESH_MS);
}

/** Opens a stream for each unfinished job shown (up to MAX_STREAMS) and closes those no longer needed. */
function follow() {
  const wanted = new Set(state.jobs.filter(j => !FINISHED.has(j.state)).map(j => j.id));
  for (const id of [...state.streams.keys()]) if (!wanted.has(id)) unfollow(id);
  for (const id of wanted) {
    if (state.streams.size >= MAX_STREAMS) break;
    if (state.streams.has(id) || state.broken.has(id)) continue;
    const es = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
    es.addEventListener('job', e => update(JSON.parse(e.data)));
    es.addEventListener('end', () => { unfollow(id); schedule(); });
    // a stream that breaks is not reopened by the browser here: the list poll takes over for this job
    es.onerror = () => { unfollow(id); state.broken.add(id); schedule(); };
    state.streams.set(id, es);
  }
  window.llmsvcJobStreams = state.streams.size; // for the browser tests
}

function unfollow(id) {
  state.streams.get(id)?.close();
  state.streams.delete(id);
  window.llmsvcJobStreams = state.streams.size;
}

/** A job as an event or a cancel answered it: replaces its row only. */
function update(job) {
  const i = state.jobs.findIndex(j => j.id === job.id);
  if (i < 0) return;
  state.jobs[i] = job;
  const row = document.querySelector(`#jobs tr[data-id="${CSS.escape(job.id)}"]`);
  if (row) row.outerHTML = rowHtml(job); else render();
  highlight();
}

function render() {
  const all = admin && $('all-users').checked;
  $('jobs-table').classList.toggle('show-owner', all);
  $('empty-jobs').classList.toggle('hidden', state.jobs.length > 0);
  $('jobs').innerHTML = state.jobs.map(rowHtml).join('');
  highlight();
}

function rowHtml(j) {
  const live = !FINISHED.has(j.state);
  const running = j.state === 'running'; // a queued job's progress is that of its last attempt, if any: not shown
  const pct = Math.round(100 * (j.progress ?? 0));
  const owner = j.owner_id === me.user.id ? t('you') : j.owner_id;
  let result = '';
  if (j.result) {
    if (j.result.file_id) result += `<a href="#" class="result-download" data-file="${esc(j.result.file_id)}">${esc(t('download'))}</a>`;
    if (j.result.record_type) result += `<div class="muted">${esc(j.result.record_type)} ${esc(j.result.record_id ?? '')}</div>`;
    if (j.result.summary) result += `<div class="muted summary">${esc(j.result.summary)}</div>`;
  }
  // the reason of a failure, or of the last attempt of a job that waits to be retried
  if (j.error && (j.state === 'failed' || j.state === 'queued')) {
    result += `<div class="error reason">${esc(j.error)}</div>`;
    if (j.state === 'queued' && j.next_attempt_at) {
      result += `<div class="muted retry" title="${esc(j.next_attempt_at)}">${esc(t('retry_at', { t: when(j.next_attempt_at) }))}</div>`;
    }
  }
  return `<tr data-id="${esc(j.id)}" data-state="${esc(j.state)}">
    <td><b class="type">${esc(j.type)}</b><div class="muted id">${esc(j.id)}</div></td>
    <td class="owner-col">${esc(owner)}</td>
    <td><span class="state job-${esc(j.state)}">${esc(t('js_' + j.state))}</span></td>
    <td class="progress-cell">${running ? `<progress max="100" value="${pct}"></progress> <span class="pct">${pct}%</span>` : ''}
      ${running && j.progress_message ? `<div class="muted message">${esc(j.progress_message)}</div>` : ''}</td>
    <td class="attempts">${esc(j.attempts)}/${esc(j.max_attempts)}</td>
    <td class="time" title="${esc(j.created_at)}">${esc(when(j.created_at))}</td>
    <td class="time" title="${esc(j.finished_at ?? '')}">${esc(when(j.finished_at))}</td>
    <td class="result">${result}</td>
    <td>${live ? `<button class="danger cancel">${esc(t('cancel'))}</button>` : ''}</td></tr>`;
}

/** The row named in the URL (/jobs#<id>, as the files page links to a new archive job) is marked. */
function highlight() {
  const id = decodeURIComponent(location.hash.slice(1));
  document.querySelectorAll('#jobs tr.highlight').forEach(r => r.classList.remove('highlight'));
  if (id) document.querySelector(`#jobs tr[data-id="${CSS.escape(id)}"]`)?.classList.add('highlight');
}

async function cancel(id) {
  const j = state.jobs.find(x => x.id === id);
  if (!confirm(t('confirm_cancel_job', { type: j?.type ?? '' }))) return;
  try {
    update(await api(`/api/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }));
    schedule();
  } catch (e) {
    showError(e);
  }
}

async function download(fileId) {
  try {
    await downloadFile(fileId);
  } catch (e) {
    showError(e);
  }
}

async function loadRecurring() {
  try {
    state.recurring = (await api('/api/jobs/recurring')).data;
  } catch (e) {
    if (e.status !== 403) showError(e);
    return;
  }
  $('recurring-section').classList.remove('hidden');
  renderRecurring();
}

function renderRecurring() {
  if (!state.recurring) return;
  $('empty-recurring').classList.toggle('hidden', state.recurring.length > 0);
  $('recurring').innerHTML = state.recurring.map(r => `<tr data-type="${esc(r.type)}">
    <td><b>${esc(r.type)}</b></td><td><code>${esc(r.cron)}</code></td><td>${esc(r.zone)}</td>
    <td title="${esc(r.next_run_at ?? '')}">${esc(when(r.next_run_at))}</td>
    <td>${r.last_state ? `<span class="state job-${esc(r.last_state)}">${esc(t('js_' + r.last_state))}</span>` : ''}
      ${r.last_job_id ? `<div class="muted id">${esc(r.last_job_id)}</div>` : ''}</td></tr>`).join('');
}

function showError(e) {
  $('error').textContent = `${t('error')}${e.status ? ' (' + e.status + ')' : ''}: ${e.message || ''}`;
}
