// /documents: upload (with progress), ingest a URL, the list with status (polled until ready or failed, with the
// reason), delete, and who may see each document.
import { page } from './nav.js';
import { api, esc, csrfHeaders, errorOf, ApiError } from './api.js';
import { t } from './i18n.js';
import { visibilityChoices, visibilityOptions, visibilityLabel } from './visibility.js';

const $ = id => document.getElementById(id);
const state = { docs: [], timer: null, all: false };
const me = await page(() => { fillVisibility(); render(); });
fillVisibility();
$('upload').addEventListener('submit', e => { e.preventDefault(); upload(); });
$('from-url').addEventListener('submit', e => { e.preventDefault(); fromUrl(); });
$('documents').addEventListener('change', e => { if (e.target.classList.contains('visibility')) changeVisibility(e.target); });
$('documents').addEventListener('click', e => { if (e.target.classList.contains('delete')) remove(e.target.closest('tr').dataset.id); });
// admins: their own and shared documents by default; every user's only when they ask (the server logs that view)
$('all-users').closest('label').classList.toggle('hidden', !me.roles.includes('admin'));
$('all-users').addEventListener('change', () => { state.all = $('all-users').checked; load(); });
await load();
document.body.dataset.ready = 'true';

function fillVisibility() {
  const opts = visibilityOptions(visibilityChoices(me), 'private');
  document.querySelectorAll('form .visibility').forEach(s => { const v = s.value; s.innerHTML = opts; if (v) s.value = v; });
}

async function load() {
  try {
    const res = await api(state.all ? '/api/documents?all=true' : '/api/documents');
    state.docs = res.data;
    $('unavailable').classList.add('hidden');
  } catch (e) {
    showError(e);
    return;
  }
  render();
  schedulePoll();
}

/** Polls while any document is still being ingested; stops when all are ready or failed. */
function schedulePoll() {
  clearTimeout(state.timer);
  if (state.docs.some(d => d.status !== 'ready' && d.status !== 'failed')) state.timer = setTimeout(load, 1000);
}

function render() {
  $('empty-docs').classList.toggle('hidden', state.docs.length > 0);
  const choices = visibilityChoices(me, state.docs.map(d => d.visibility));
  $('documents').innerHTML = state.docs.map(d => {
    const own = d.owner_id === me.user.id;
    const mine = own || me.roles.includes('admin');
    const owner = own ? null : (d.owner_name || d.owner_id);
    return `<tr data-id="${esc(d.id)}" data-status="${esc(d.status)}">
      <td><b>${esc(d.title || d.source)}</b><div class="muted">${esc(d.source)}</div></td>
      <td><span class="state doc-${esc(d.status)}">${esc(t('st_' + d.status))}</span>${d.error ? `<div class="error reason">${esc(d.error)}</div>` : ''}</td>
      <td>${esc(size(d.size_bytes))}</td><td>${d.status === 'ready' ? esc(d.chunks) : ''}</td>
      <td>${mine ? `<select class="visibility" aria-label="${esc(t('visibility'))}">${visibilityOptions(choices, d.visibility, owner)}</select>` : esc(visibilityLabel(d.visibility, owner))}</td>
      <td class="owner">${own ? esc(t('you')) : esc(owner)}</td>
      <td>${esc((d.created_at || '').slice(0, 19).replace('T', ' '))}</td>
      <td>${mine ? `<button class="danger delete">${esc(t('delete'))}</button>` : ''}</td></tr>`;
  }).join('');
}

function size(n) {
  if (n == null) return '';
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
  return (n / 1024 / 1024).toFixed(1) + ' MB';
}

/** Multipart upload through XMLHttpRequest, whose upload events give the progress bar (fetch has none). */
function upload() {
  const file = $('file').files[0];
  if (!file) return;
  $('error').textContent = '';
  const form = new FormData();
  form.append('file', file);
  if ($('upload-title').value.trim()) form.append('title', $('upload-title').value.trim());
  form.append('visibility', $('upload-visibility').value);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/documents');
  for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
  xhr.setRequestHeader('Accept', 'application/json');
  const bar = $('progress');
  bar.value = 0;
  bar.classList.remove('hidden');
  const button = $('upload').querySelector('button[type=submit]');
  button.disabled = true;
  xhr.upload.addEventListener('progress', e => {
    if (!e.lengthComputable) return;
    bar.value = Math.round(100 * e.loaded / e.total);
    $('progress-text').textContent = `${bar.value}%`;
    // what the progress bar showed, for the browser tests
    window.llmsvcUpload = { events: (window.llmsvcUpload?.events ?? 0) + 1, percent: bar.value };
  });
  xhr.addEventListener('loadend', async () => {
    button.disabled = false;
    bar.classList.add('hidden');
    $('progress-text').textContent = '';
    if (xhr.status === 202) {
      $('upload').reset();
      fillVisibility();
      const doc = JSON.parse(xhr.responseText);
      state.docs = [doc, ...state.docs.filter(d => d.id !== doc.id)];
      render();
      schedulePoll();
    } else if (xhr.status === 0) {
      $('error').textContent = t('upload_failed');
    } else {
      showError(await errorOf(new Response(xhr.responseText, { status: xhr.status, headers: { 'Content-Type': 'application/json' } })));
    }
  });
  xhr.send(form);
}

async function fromUrl() {
  $('error').textContent = '';
  const body = { url: $('url').value.trim(), visibility: $('url-visibility').value };
  if ($('url-title').value.trim()) body.title = $('url-title').value.trim();
  try {
    const doc = await api('/api/documents', { method: 'POST', body });
    $('from-url').reset();
    fillVisibility();
    state.docs = [doc, ...state.docs.filter(d => d.id !== doc.id)];
    render();
    schedulePoll();
  } catch (e) {
    showError(e);
  }
}

async function changeVisibility(select) {
  const id = select.closest('tr').dataset.id;
  try {
    const doc = await api(`/api/documents/${encodeURIComponent(id)}`, { method: 'PATCH', body: { visibility: select.value } });
    state.docs = state.docs.map(d => d.id === id ? { ...doc, owner_name: d.owner_name } : d);
    render();
  } catch (e) {
    showError(e);
    render();
  }
}

async function remove(id) {
  const d = state.docs.find(x => x.id === id);
  if (!confirm(t('confirm_delete_doc', { name: d?.title || d?.source || id }))) return;
  try {
    await api(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });
    state.docs = state.docs.filter(x => x.id !== id);
    render();
  } catch (e) {
    showError(e);
  }
}

function showError(e) {
  if (e instanceof ApiError && e.status === 503) {
    $('unavailable').textContent = e.message;
    $('unavailable').classList.remove('hidden');
    return;
  }
  $('error').textContent = `${t('error')}${e.status ? ' (' + e.status + ')' : ''}: ${e.message || ''}`;
}
