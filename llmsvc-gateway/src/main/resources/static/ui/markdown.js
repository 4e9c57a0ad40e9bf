// Markdown to sanitized HTML: marked renders, DOMPurify removes anything active (scripts, event handlers,
// javascript: URLs, SVG and MathML), highlight.js colours code blocks. Model output never reaches the DOM unsanitized.
/* global marked, DOMPurify, hljs */
import { t } from './i18n.js';
marked.setOptions({ gfm: true, breaks: true });

DOMPurify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A') { node.setAttribute('target', '_blank'); node.setAttribute('rel', 'noopener noreferrer'); }
});

export function renderMarkdown(el, text) {
  const html = marked.parse(text ?? '');
  el.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'button'], FORBID_ATTR: ['style'] });
  el.querySelectorAll('pre code').forEach(code => {
    try { hljs.highlightElement(code); } catch { /* unknown language: left plain */ }
  });
  // a code block scrolls sideways: focusable, so that the keyboard can scroll it too
  el.querySelectorAll('pre').forEach(pre => { pre.tabIndex = 0; pre.setAttribute('role', 'region'); pre.setAttribute('aria-label', t('code_block')); });
}
