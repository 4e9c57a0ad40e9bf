// The chat page: each message goes to the agent the router picks (or the one chosen in the picker): the chat model
// streams from /v1/chat/completions, the document agent streams its answer, then its citations that open their passage. Markdown
// (sanitized), stop, regenerate, copy, model picker, system prompt and temperature, history on the server
// (/api/v1/chat/sessions) with who answered each message. Keys: Enter sends, Shift+Enter is a new line, Escape
// closes the passage panel (after the menu, which nav.js closes first).
import { api, esc, ApiError } from './api.js';
import { t } from './i18n.js';
import { page, closeMenu } from './nav.js';
import { streamChat } from './sse.js';
import { renderMarkdown } from './markdown.js';
import { SessionList } from './sessions.js';
import { chooseAgent, askDocuments, agentFields, decorate, PassagePanel } from './agents.js';

const $ = id => document.getElementById(id);
const state = { sessionId: null, messages: [], models: [], busy: false, abort: null, epoch: 0 };

await page(() => renderMessages());

// settings, kept per browser
$('system').value = localStorage.getItem('llmsvc.system') ?? '';
$('temperature').value = localStorage.getItem('llmsvc.temperature') ?? '0.7';
$('temperature-value').textContent = $('temperature').value;
$('system').addEventListener('change', () => localStorage.setItem('llmsvc.system', $('system').value));
$('temperature').addEventListener('input', () => {
  $('temperature-value').textContent = $('temperature').value;
  localStorage.setItem('llmsvc.temperature', $('temperature').value);
});
$('max-tokens').value = localStorage.getItem('llmsvc.maxTokens') ?? '';
$('max-tokens').addEventListener('change', () => localStorage.setItem('llmsvc.maxTokens', $('max-tokens').value));
$('toggle-settings').addEventListener('click', () => {
  const open = $('settings').classList.toggle('hidden') === false;
  $('toggle-settings').setAttribute('aria-expanded', String(open));
});
$('model').addEventListener('change', () => localStorage.setItem('llmsvc.model', $('model').value));
$('agent').value = localStorage.getItem('llmsvc.agent') ?? 'auto';
if (!$('agent').value) $('agent').value = 'auto';
$('agent').addEventListener('change', () => localStorage.setItem('llmsvc.agent', $('agent').value));
const panel = new PassagePanel($('passage'));

const list = new SessionList($('sessions'), $('search'), {
  onOpen: id => openSession(id),
  onDeleted: id => { if (id === state.sessionId) newChat(); },
});
$('new-chat').addEventListener('click', () => newChat());
document.addEventListener('keydown', e => {
  if (e.key === 'Escape' && panel.isOpen()) { e.preventDefault(); panel.close(); }
});

// Enter sends; Shift+Enter is a new line; Enter that ends an IME composition (Hangul) only commits the text.
$('input').addEventListener('keydown', e => {
  if (e.key !== 'Enter' || e.shiftKey) return;
  if (e.isComposing || e.keyCode === 229) return;
  e.preventDefault();
  send();
});
$('input').addEventListener('input', () => {
  $('input').style.height = 'auto';
  $('input').style.height = Math.min($('input').scrollHeight, 200) + 'px';
});
$('send').addEventListener('click', () => send());
$('stop').addEventListener('click', () => state.abort?.abort());

await Promise.all([loadModels(), list.load()]);
if (location.hash.length > 1) await openSession(decodeURIComponent(location.hash.slice(1)));
document.body.dataset.ready = 'true';

async function loadModels() {
  try {
    const res = await api('/v1/models');
    state.models = res.data.map(m => m.id);
  } catch (e) {
    showError(e);
    return;
  }
  const saved = localStorage.getItem('llmsvc.model');
  $('model').innerHTML = state.models.map(id => `<option value="${esc(id)}">${esc(id)}</option>`).join('');
  if (saved && state.models.includes(saved)) $('model').value = saved;
  if (!state.models.length) banner(`<b>${esc(t('no_model'))}</b> ${esc(t('no_model_hint'))}`, 'no_model');
}

function newChat() {
  if (state.busy) state.abort?.abort();
  state.epoch++;
  state.sessionId = null;
  state.messages = [];
  history.replaceState(null, '', '/');
  list.setActive(null);
  panel.close(false); // the passage belonged to the chat that was left
  closeMenu(false);
  hideBanner();
  renderMessages();
  $('input').focus();
}

async function openSession(id) {
  if (state.busy) state.abort?.abort();
  state.epoch++;
  try {
    const s = await api(`/api/v1/chat/sessions/${encodeURIComponent(id)}`);
    state.sessionId = s.session_id;
    state.messages = s.messages.filter(m => m.role !== 'system');
    if (s.model && state.models.includes(s.model)) $('model').value = s.model;
    history.replaceState(null, '', '/#' + encodeURIComponent(id));
    list.setActive(id);
    panel.close(false);
    closeMenu(false);
    hideBanner();
    renderMessages();
  } catch (e) {
    if (e.status === 404) newChat(); else showError(e);
  }
}

function renderMessages() {
  const box = $('messages');
  box.querySelectorAll('.msg').forEach(e => e.remove());
  $('empty').classList.toggle('hidden', state.messages.length > 0);
  state.messages.forEach((m, i) => box.appendChild(messageEl(m, i)));
  box.scrollTop = box.scrollHeight;
}

function messageEl(m, i) {
  const el = document.createElement('div');
  el.className = 'msg ' + m.role;
  el.dataset.index = i;
  el.innerHTML = `<div class="who">${esc(m.role === 'user' ? t('you') : (m.model || t('assistant')))}</div><div class="body"></div>`;
  const body = el.querySelector('.body');
  if (m.role === 'user') body.textContent = m.content; else renderMarkdown(body, m.content);
  decorate(el, m, panel);
  if (m.role === 'assistant') {
    const tools = document.createElement('div');
    tools.className = 'tools';
    tools.innerHTML = `<button class="copy">${esc(t('copy'))}</button>`
      + (i === state.messages.length - 1 ? `<button class="regenerate">${esc(t('regenerate'))}</button>` : '');
    tools.querySelector('.copy').addEventListener('click', ev => copy(m.content, ev.target));
    tools.querySelector('.regenerate')?.addEventListener('click', () => regenerate());
    el.appendChild(tools);
  }
  return el;
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text; document.body.appendChild(ta); ta.select(); document.execCommand('copy'); ta.remove();
  }
  button.textContent = t('copied');
  setTimeout(() => { button.textContent = t('copy'); }, 1200);
}

async function send() {
  const text = $('input').value;
  if (!text.trim() || state.busy) return;
  $('input').value = '';
  $('input').style.height = 'auto';
  hideBanner();
  state.messages.push({ role: 'user', content: text });
  renderMessages();
  await generate(state.messages.length - 1);
}

async function regenerate() {
  if (state.busy || !state.messages.length || state.messages.at(-1).role !== 'assistant') return;
  state.messages.pop();
  renderMessages();
  await generate(state.messages.length - 1, state.messages.length);
}

/**
 * Streams the answer to the conversation so far and stores the exchange: the user message at userIndex and the
 * answer, or only the answer (replacing the one at replaceFrom) when regenerating.
 */
async function generate(userIndex, replaceFrom = null) {
  const model = $('model').value;
  const question = state.messages[userIndex].content;
  const epoch = state.epoch;
  setBusy(true);
  state.abort = new AbortController();
  // shown while the router reads the message and while the document agent answers
  const pending = messageEl({ role: 'assistant', content: '' }, state.messages.length);
  pending.classList.add('streaming', 'pending');
  pending.querySelector('.tools').classList.add('hidden');
  $('messages').appendChild(pending);
  scrollDown();
  let route;
  try {
    route = await chooseAgent(question, $('agent').value, state.abort.signal);
    // with no chat model the documents still answer (extractively), and the answer says so
    if (route.agent !== 'documents' && !state.models.length) route = { ...route, agent: 'documents', note: t('no_model_documents') };
    if (route.agent === 'documents') {
      // the answer's text grows in the pending message; citations and the method label come with the whole answer
      const body = pending.querySelector('.body');
      let frame = 0, text = '';
      const answer = await askDocuments(question, route, state.abort.signal, (_, all) => {
        text = all;
        pending.classList.remove('pending');
        if (!frame) frame = requestAnimationFrame(() => { frame = 0; renderMarkdown(body, text); scrollDown(); });
      }).finally(() => { if (frame) cancelAnimationFrame(frame); });
      if (answer) {
        pending.remove();
        setBusy(false);
        if (epoch === state.epoch) await finish(answer, userIndex, replaceFrom, model);
        return;
      }
      if (!state.models.length) throw new ApiError(503, 'no_model', t('no_model_no_documents'), null);
      route = { ...route, agent: 'general', note: t('documents_absent') };
    }
  } catch (e) {
    pending.remove();
    setBusy(false);
    if (epoch !== state.epoch) return;
    // the text of a failed (or stopped) message goes back into the input box, so nothing typed is lost
    if (replaceFrom == null) { const failed = state.messages.pop(); if (!$('input').value) $('input').value = failed.content; }
    renderMessages();
    if (e.name !== 'AbortError') showError(e);
    return;
  }
  pending.remove();
  if (epoch !== state.epoch) { setBusy(false); return; }
  const sys = $('system').value.trim();
  const conversation = [...(sys ? [{ role: 'system', content: sys }] : []), ...state.messages.map(m => ({ role: m.role, content: m.content }))];
  const answer = { role: 'assistant', content: '', model, agent: 'general', intent: route.intent, confidence: route.confidence, note: route.note };
  const el = messageEl(answer, state.messages.length);
  el.classList.add('streaming');
  $('messages').appendChild(el);
  const body = el.querySelector('.body');
  el.querySelector('.tools').classList.add('hidden');
  let frame = 0;
  try {
    const maxTokens = Number($('max-tokens').value);
    const request = { model, messages: conversation, temperature: Number($('temperature').value), ...(maxTokens > 0 ? { max_tokens: maxTokens } : {}) };
    const res = await streamChat(request, {
      signal: state.abort.signal,
      onDelta: (_, all) => {
        answer.content = all;
        if (!frame) frame = requestAnimationFrame(() => { frame = 0; renderMarkdown(body, answer.content); scrollDown(); });
      },
    });
    answer.content = res.text + (res.finishReason === 'stopped' ? '\n\n' + t('stopped') : '');
  } catch (e) {
    if (epoch !== state.epoch) { setBusy(false); return; }
    el.remove();
    // the text of a failed message goes back into the input box, so nothing typed is lost
    if (replaceFrom == null) { const failed = state.messages.pop(); if (!$('input').value) $('input').value = failed.content; }
    setBusy(false);
    renderMessages();
    showError(e);
    return;
  } finally {
    if (frame) cancelAnimationFrame(frame);
  }
  setBusy(false);
  if (epoch !== state.epoch) return; // the user left this chat while it streamed
  await finish(answer, userIndex, replaceFrom, model);
}

/** Shows the answer and stores the exchange (or only the answer, replacing the old one, when regenerating). */
async function finish(answer, userIndex, replaceFrom, model) {
  state.messages.push(answer);
  renderMessages();
  const messages = replaceFrom == null ? [state.messages[userIndex], answer] : [answer];
  try {
    if (!state.sessionId) {
      // created on the first answer, so failed first attempts leave no empty chats behind
      const created = await api('/api/v1/chat/sessions', { method: 'POST', body: model ? { model } : {} });
      state.sessionId = created.session_id;
      history.replaceState(null, '', '/#' + encodeURIComponent(created.session_id));
    }
    const s = await api(`/api/v1/chat/sessions/${encodeURIComponent(state.sessionId)}/messages`, {
      method: 'POST', body: { ...(model ? { model } : {}), messages: messages.map(m => ({ role: m.role, content: m.content, ...agentFields(m) })), replace_from: replaceFrom },
    });
    list.touch(s);
  } catch (e) {
    showError(e);
  }
}

function setBusy(b) {
  state.busy = b;
  $('send').classList.toggle('hidden', b);
  $('stop').classList.toggle('hidden', !b);
}

function scrollDown() { const box = $('messages'); box.scrollTop = box.scrollHeight; }

function banner(html, code) {
  const b = $('banner');
  b.innerHTML = html;
  b.dataset.code = code ?? '';
  b.classList.remove('hidden');
}
function hideBanner() { $('banner').classList.add('hidden'); }

function showError(e) {
  const msg = esc(e.message || '');
  if (e.status === 429 && e.code === 'insufficient_quota') banner(esc(t('budget_spent', { s: e.retryAfter ?? '?' })), e.code);
  else if (e.status === 429) banner(esc(t('rate_limited', { s: e.retryAfter ?? '?' })), e.code);
  else if (e.status === 503 && !state.models.length) banner(`<b>${esc(t('no_model'))}</b> ${msg}`, e.code);
  else if (e.status === 503) banner(`<b>${esc(t('worker_down'))}</b>: ${msg}`, e.code);
  else banner(`<b>${esc(t('error'))}</b> ${e.status ? '(' + e.status + ') ' : ''}${msg}`, e.code);
}
