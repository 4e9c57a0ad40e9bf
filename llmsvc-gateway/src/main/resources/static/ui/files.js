// /files: the user's stored files. Upload in two steps (POST /api/files for a signed PUT URL, then the bytes
// straight to it through XMLHttpRequest for the progress bar; POST complete_url after the PUT when the store asks
// for it), download through a fresh signed URL, delete, and archive a selection into a ZIP by a files.archive job.
import { page } from './nav.js';
import { api, esc, errorOf } from './api.js';
import { t } from './i18n.js';
import { size, when, downloadFile } from './format.js';

const $ = id => document.getElementById(id);
const state = { files: [], selected: new Set(), uploading: false };
await page(() => render());
$('upload').addEventListener('submit', e => { e.preventDefault(); uploadChosen(); });
$('archive').addEventListener('submit', e => { e.preventDefault(); archive(); });
$('select-all').addEventListener('change', e => {
  state.selected = e.target.checked ? new Set(state.files.filter(f => f.status === 'ready').map(f => f.id)) : new Set();
  render();
});
$('files').addEventListener('change', e => {
  if (!e.target.classList.contains('pick')) return;
  const id = e.target.closest('tr').dataset.id;
  if (e.target.checked) state.selected.add(id); else state.selected.delete(id);
  renderSelection();
});
$('files').addEventListener('click', e => {
  const row = e.target.closest('tr');
  if (e.target.classList.contains('download')) download(row.dataset.id);
  if (e.target.classList.contains('delete')) remove(row.dataset.id);
});
await load();
document.body.dataset.ready = 'true';

async function load() {
  try {
    state.files = (await api('/api/files')).data;
  } catch (e) {
    showError(e);
    return;
  }
  const ids = new Set(state.files.filter(f => f.status === 'ready').map(f => f.id));
  state.selected = new Set([...state.selected].filter(id => ids.has(id)));
  render();
}

function render() {
  $('empty-files').classList.toggle('hidden', state.files.length > 0);
  $('files').innerHTML = state.files.map(f => {
    const ready = f.status === 'ready';
    return `<tr data-id="${esc(f.id)}" data-status="${esc(f.status)}">
      <td><input type="checkbox" class="pick" aria-label="${esc(t('select'))}"${ready ? '' : ' disabled'}${state.selected.has(f.id) ? ' checked' : ''}></td>
      <td><b class="name">${esc(f.name)}</b>${f.job_id ? `<div class="muted"><a href="/jobs#${esc(f.job_id)}">${esc(t('from_job'))}</a></div>` : ''}</td>
      <td>${esc(size(f.size_bytes))}</td><td class="muted">${esc(f.content_type)}</td>
      <td><span class="state file-${esc(f.status)}">${esc(t('fs_' + f.status))}</span></td>
      <td class="time" title="${esc(f.created_at)}">${esc(when(f.created_at))}</td>
      <td class="actions">${ready ? `<button class="download">${esc(t('download'))}</button>` : ''}<button class="danger delete">${esc(t('delete'))}</button></td></tr>`;
  }).join('');
  renderSelection();
}

function renderSelection() {
  const n = state.selected.size;
  $('archive-button').disabled = n === 0;
  $('selected-count').textContent = n ? t('selected', { n }) : '';
  const ready = state.files.filter(f => f.status === 'ready').length;
  $('select-all').checked = ready > 0 && n === ready;
}

/** Uploads the chosen files one after the other. */
async function uploadChosen() {
  const chosen = [...$('file').files];
  if (!chosen.length || state.uploading) return;
  $('error').textContent = '';
  state.uploading = true;
  const button = $('upload').querySelector('button[type=submit]');
  button.disabled = true;
  try {
    for (const file of chosen) {
      try {
        await uploadOne(file);
      } catch (e) {
        showError(e, file.name);
        break;
      }
    }
    $('upload').reset();
  } finally {
    state.uploading = false;
    button.disabled = false;
    $('progress').classList.add('hidden');
    $('progress-text').textContent = '';
  }
}

async function uploadOne(file) {
  const created = await api('/api/files', { method: 'POST',
    body: { name: file.name, content_type: file.type || 'application/octet-stream', size: file.size, purpose: 'upload' } });
  upsert(created.file);
  let info = await put(created.upload, file);
  if (created.complete_url) info = await api(created.complete_url, { method: 'POST' });
  if (info) upsert(info);
}

/** PUTs the bytes to the signed URL with its headers; resolves with the stored file (when the store says it). */
function put(upload, file) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method || 'PUT', upload.url);
    for (const [k, v] of Object.entries(upload.headers || {})) xhr.setRequestHeader(k, v);
    const bar = $('progress');
    bar.value = 0;
    bar.classList.remove('hidden');
    $('progress-text').textContent = t('uploading', { name: file.name });
    xhr.upload.addEventListener('progress', e => {
      if (!e.lengthComputable) return;
      bar.value = Math.round(100 * e.loaded / e.total);
      $('progress-text').textContent = `${t('uploading', { name: file.name })} ${bar.value}%`;
      window.llmsvcUpload = { events: (window.llmsvcUpload?.events ?? 0) + 1, percent: bar.value }; // for the browser tests
    });
    xhr.addEventListener('loadend', async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch { /* S3 answers with no JSON */ }
        resolve(body?.file ?? null);
      } else if (xhr.status === 0) {
        reject(new Error(t('upload_failed')));
      } else {
        reject(await errorOf(new Response(xhr.responseText, { status: xhr.status, headers: { 'Content-Type': 'application/json' } })));
      }
    });
    xhr.send(file);
  });
}

function upsert(f) {
  const i = state.files.findIndex(x => x.id === f.id);
  if (i >= 0) state.files[i] = f; else state.files.unshift(f);
  render();
}

async function download(id) {
  $('error').textContent = '';
  try {
    await downloadFile(id);
  } catch (e) {
    showError(e);
  }
}

async function remove(id) {
  const f = state.files.find(x => x.id === id);
  if (!confirm(t('confirm_delete_file', { name: f?.name ?? id }))) return;
  $('error').textContent = '';
  try {
    await api(`/api/files/${encodeURIComponent(id)}`, { method: 'DELETE' });
    state.files = state.files.filter(x => x.id !== id);
    state.selected.delete(id);
    render();
  } catch (e) {
    showError(e);
    if (e.status === 404) await load();
  }
}

async function archive() {
  const ids = state.files.filter(f => state.selected.has(f.id)).map(f => f.id);
  if (!ids.length) return;
  $('error').textContent = '';
  $('archive-button').disabled = true;
  try {
    const job = await api('/api/files/archive', { method: 'POST', body: { file_ids: ids, name: $('archive-name').value.trim() || 'archive.zip' } });
    const done = $('archive-done');
    done.innerHTML = `${esc(t('archive_queued'))} <a id="archive-job" href="/jobs#${esc(job.id)}" data-job="${esc(job.id)}">${esc(t('see_jobs'))}</a>`;
    done.classList.remove('hidden');
    state.selected.clear();
    render();
  } catch (e) {
    showError(e);
    renderSelection();
  }
}

function showError(e, name) {
  $('error').textContent = `${t('error')}${e.status ? ' (' + e.status + ')' : ''}${name ? ' — ' + name : ''}: ${e.message || ''}`;
}
