// The chat's agents: which agent answers a message (the router's reading, or the user's choice), the document
// agent's answers, and how an answer shows who wrote it (agent, intent, confidence) and its citations, each of which
// opens its passage in a side panel.
import { api, esc } from './api.js';
import { streamAnswer } from './sse.js';
import { t } from './i18n.js';

let routerAbsent = false;

const absent = e => e.status === 503 && /not part of this deployment/.test(e.serverMessage || '');

/**
 * Who answers text: {agent: 'documents' | 'general', intent?, confidence?, note?}. choice is the picker's value
 * ('auto', 'general', 'documents'); with 'auto' the router decides. A deployment without a router answers with the
 * chat model; a router that fails too, with a note.
 */
export async function chooseAgent(text, choice, signal) {
  if (choice === 'general') return { agent: 'general' };
  if (choice === 'documents') return { agent: 'documents' };
  if (routerAbsent) return { agent: 'general' };
  let d;
  try {
    d = await api('/api/router/route', { method: 'POST', body: { message: text }, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    if (absent(e)) { routerAbsent = true; return { agent: 'general' }; }
    return { agent: 'general', note: t('router_failed', { m: e.message || e.status }) };
  }
  const r = { intent: d.intent, confidence: d.confidence };
  if (d.target === 'documents') return { agent: 'documents', ...r };
  if (!d.target || d.target === 'general') return { agent: 'general', ...r };
  return { agent: 'general', ...r, note: t('agent_missing', { a: d.target }) };
}

/**
 * Asks the document agent, its answer streamed: onDelta(piece, textSoFar) as the text grows. Resolves with the
 * assistant message (the whole answer, with its citations and method), or null when the document agent is not
 * deployed (the caller then lets the chat model answer).
 */
export async function askDocuments(text, route, signal, onDelta = () => {}) {
  try {
    // the agents' own model answers (the operator's choice), not the chat's model picker
    const a = await streamAnswer({ question: text }, { signal, onDelta });
    return { role: 'assistant', content: a.answer, model: a.model, agent: 'documents', intent: route.intent,
      confidence: route.confidence, note: route.note, citations: a.citations ?? [], method: a.method, reason: a.reason };
  } catch (e) {
    if (absent(e)) return null;
    throw e;
  }
}

/** The fields of a message that say who answered, as the history API stores them (passage texts are left out). */
export function agentFields(m) {
  if (!m.agent) return {};
  const out = { agent: m.agent };
  if (m.intent) out.intent = m.intent;
  if (typeof m.confidence === 'number') out.confidence = m.confidence;
  if (m.note) out.note = m.note;
  if (m.method) out.method = m.method;
  if (m.reason) out.reason = m.reason;
  if (m.citations?.length) {
    out.citations = m.citations.map(c => ({ number: c.number, document_id: c.document_id, chunk_id: c.chunk_id,
      ...(c.title ? { title: c.title } : {}), ...(c.source ? { source: c.source } : {}), ...(c.page != null ? { page: c.page } : {}) }));
  }
  return out;
}

/** Adds the agent line above the body of an assistant message and its citations below; markers [n] become links. */
export function decorate(el, m, panel) {
  if (m.role !== 'assistant' || !m.agent) return;
  el.dataset.agent = m.agent;
  if (m.intent) el.dataset.intent = m.intent;
  const info = document.createElement('div');
  info.className = 'agent-info';
  const pct = typeof m.confidence === 'number' ? Math.round(m.confidence * 100) + '%' : null;
  info.innerHTML = `<span class="agent-badge agent-${esc(m.agent)}" title="${esc(t('agent'))}">${esc(['documents', 'general'].includes(m.agent) ? t('agent_' + m.agent) : m.agent)}</span>`
    + (m.intent ? ` <span class="intent" title="${esc(t('intent'))}">${esc(m.intent)}</span>` : '')
    + (pct ? ` <span class="confidence" title="${esc(t('confidence'))}">${esc(pct)}</span>` : '')
    + (m.method === 'extractive' ? ` <span class="muted extractive" data-reason="${esc(m.reason ?? '')}">${esc(t(m.reason ? 'extractive_' + m.reason : 'extractive'))}</span>` : '');
  el.querySelector('.who').after(info);
  if (m.note) {
    const note = document.createElement('div');
    note.className = 'note muted';
    note.textContent = m.note;
    info.after(note);
  }
  const cites = m.citations ?? [];
  if (!cites.length) return;
  const byNumber = new Map(cites.map(c => [c.number, c]));
  linkMarkers(el.querySelector('.body'), byNumber, panel);
  const list = document.createElement('div');
  list.className = 'citations';
  for (const c of cites) {
    const b = document.createElement('button');
    b.className = 'cite';
    b.dataset.n = c.number;
    b.textContent = `[${c.number}] ${c.title || c.source || c.document_id}` + (c.page != null ? ` · ${t('page')} ${c.page}` : '');
    b.addEventListener('click', () => panel.open(c));
    list.appendChild(b);
  }
  el.querySelector('.body').after(list);
}

/** Replaces [n] in the text (outside code) by links to citation n; built from text nodes, never from HTML strings. */
function linkMarkers(body, byNumber, panel) {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement.closest('pre, code') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  while (walker.nextNode()) if (/\[\d+\]/.test(walker.currentNode.data)) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const match of node.data.matchAll(/\[(\d+)\]/g)) {
      const c = byNumber.get(Number(match[1]));
      if (!c) continue;
      frag.append(node.data.slice(last, match.index));
      const a = document.createElement('a');
      a.href = '#';
      a.className = 'cite-ref';
      a.dataset.n = c.number;
      a.textContent = match[0];
      a.addEventListener('click', e => { e.preventDefault(); panel.open(c); });
      frag.append(a);
      last = match.index + match[0].length;
    }
    frag.append(node.data.slice(last));
    node.replaceWith(frag);
  }
}

/**
 * The side panel that shows a cited passage, fetched with the reader's own access. Opening it moves the focus to its
 * close button; closing it (the button, Escape) gives the focus back to the citation that opened it.
 */
export class PassagePanel {
  constructor(el) {
    this.el = el;
    this.opener = null;
    el.querySelector('.close').addEventListener('click', () => this.close());
  }

  isOpen() { return !this.el.classList.contains('hidden'); }

  async open(c) {
    const el = this.el;
    if (!this.isOpen()) this.opener = document.activeElement;
    el.classList.remove('hidden');
    el.querySelector('.close').focus();
    el.dataset.chunk = c.chunk_id;
    el.querySelector('.title').textContent = `[${c.number}] ${c.title || c.source || ''}`;
    el.querySelector('.meta').textContent = t('loading');
    el.querySelector('.text').textContent = '';
    el.removeAttribute('data-loaded');
    try {
      const p = await api(`/api/documents/${encodeURIComponent(c.document_id)}/chunks/${encodeURIComponent(c.chunk_id)}`);
      el.querySelector('.meta').textContent = [p.source, p.page != null ? `${t('page')} ${p.page}` : null, p.section].filter(Boolean).join(' · ');
      el.querySelector('.text').textContent = p.text;
      el.dataset.loaded = 'true';
    } catch (e) {
      el.querySelector('.meta').textContent = e.status === 404 ? t('passage_gone') : `${t('error')}: ${e.message}`;
    }
  }

  /** Hides the panel; refocus (the default) puts the focus back on the citation that opened it. */
  close(refocus = true) {
    if (!this.isOpen()) return;
    this.el.classList.add('hidden');
    if (refocus && this.opener?.isConnected) this.opener.focus();
    this.opener = null;
  }
}
