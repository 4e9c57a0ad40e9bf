// The chat list in the sidebar: the user's sessions from the server, newest first, with search, rename, delete.
// Each row is buttons (open, rename, delete), so the list works from the keyboard.
import { api, esc } from './api.js';
import { t } from './i18n.js';

export class SessionList {
  constructor(el, search, { onOpen, onDeleted }) {
    this.el = el; this.onOpen = onOpen; this.onDeleted = onDeleted; this.activeId = null; this.items = [];
    let timer = null;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.load(search.value), 200);
    });
    el.addEventListener('click', e => this.click(e));
  }

  async load(q = '') {
    const page = await api('/api/v1/chat/sessions?limit=1000' + (q ? '&q=' + encodeURIComponent(q) : ''));
    this.items = page.data;
    this.render();
  }

  /** Renders the list in one DOM write; the time it took is kept for the page-speed test and bench/. */
  render() {
    const t0 = performance.now();
    const html = this.items.map(s => `<div class="session${s.session_id === this.activeId ? ' active' : ''}" data-id="${esc(s.session_id)}">`
      + `<button type="button" class="title"${s.session_id === this.activeId ? ' aria-current="true"' : ''}>${esc(s.title || '…')}</button>`
      + `<button type="button" class="act rename" title="${esc(t('rename'))}" aria-label="${esc(t('rename'))}: ${esc(s.title || '…')}">✎</button>`
      + `<button type="button" class="act delete" title="${esc(t('delete'))}" aria-label="${esc(t('delete'))}: ${esc(s.title || '…')}">✕</button></div>`).join('');
    this.el.innerHTML = html;
    void this.el.offsetHeight; // include layout in the measurement
    window.llmsvcMetrics = { ...(window.llmsvcMetrics || {}), listRenderMs: performance.now() - t0, listCount: this.items.length };
  }

  setActive(id) {
    this.activeId = id;
    this.el.querySelectorAll('.session').forEach(e => {
      e.classList.toggle('active', e.dataset.id === id);
      if (e.dataset.id === id) e.querySelector('.title').setAttribute('aria-current', 'true');
      else e.querySelector('.title').removeAttribute('aria-current');
    });
  }

  /** Moves (or adds) a session to the top after it changed. */
  touch(session) {
    this.items = [session, ...this.items.filter(s => s.session_id !== session.session_id)];
    this.activeId = session.session_id;
    this.render();
  }

  async click(e) {
    const row = e.target.closest('.session');
    if (!row) return;
    const id = row.dataset.id;
    if (e.target.classList.contains('rename')) {
      const current = this.items.find(s => s.session_id === id)?.title ?? '';
      const title = prompt(t('new_title'), current);
      if (title && title.trim()) {
        const s = await api(`/api/v1/chat/sessions/${encodeURIComponent(id)}`, { method: 'PATCH', body: { title: title.trim() } });
        this.items = this.items.map(x => x.session_id === id ? s : x);
        this.render();
      }
    } else if (e.target.classList.contains('delete')) {
      if (!confirm(t('confirm_delete'))) return;
      await api(`/api/v1/chat/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
      this.items = this.items.filter(x => x.session_id !== id);
      this.render();
      this.onDeleted(id);
    } else {
      this.onOpen(id);
    }
  }
}
