// Markdown to sanitized HTML: marked renders, DOMPurify removes anything active (scripts, event handlers,
// javascript: URLs, SVG and MathML), highlight.js colours code blocks. Model output never reaches the DOM unsanitized.
/* global marked, DOMPurify, hljs */
import { t } from './i18n.js';
marked.setOptions({ gfm: true, breaks: true });

// An image is loaded only from this site or a data: URL: an image from elsewhere would tell that site who read the
// answer and when (a beacon). Here, in DOMPurify's inert document, such an image loses its src before it can load;
// below it becomes a link the reader may follow. The Content-Security-Policy (img-src 'self' data: blob:) blocks
// them as well.
function sameSiteOrData(src) {
  try {
    const url = new URL(src, location.href);
    return url.origin === location.origin || url.protocol === 'data:';
  } catch { return false; }
}

DOMPurify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A') { node.setAttribute('target', '_blank'); node.setAttribute('rel', 'noopener noreferrer'); }
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src');
    node.removeAttribute('data-external-src');
    if (src !== null && !sameSiteOrData(src)) {
      node.removeAttribute('src');
      node.setAttribute('data-external-src', src);
    }
  }
});

/** An image that was not loaded, as a link with its alt text (only http and https addresses become links). */
function imageLink(img) {
  const src = img.getAttribute('data-external-src') ?? '';
  const label = img.getAttribute('alt') || src;
  let url = null;
  try { url = new URL(src, location.href); } catch { /* not a URL: the text alone */ }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return document.createTextNode(label);
  const a = document.createElement('a');
  a.href = url.href;
  a.className = 'external-image';
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = label;
  a.title = url.href;
  return a;
}

export function renderMarkdown(el, text) {
  const html = marked.parse(text ?? '');
  el.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true },
    // tags and attributes that load from an address (audio, video, srcset, poster, background) or ping one
    FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'button', 'audio', 'video', 'source', 'track', 'picture'],
    FORBID_ATTR: ['style', 'srcset', 'poster', 'background', 'ping'] });
  el.querySelectorAll('img[data-external-src]').forEach(img => img.replaceWith(imageLink(img)));
  el.querySelectorAll('pre code').forEach(code => {
    try { hljs.highlightElement(code); } catch { /* unknown language: left plain */ }
  });
  // a code block scrolls sideways: focusable, so that the keyboard can scroll it too
  el.querySelectorAll('pre').forEach(pre => { pre.tabIndex = 0; pre.setAttribute('role', 'region'); pre.setAttribute('aria-label', t('code_block')); });
}
