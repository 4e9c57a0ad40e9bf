// Sign-in and sign-up forms.
import { api } from './api.js';
import { t, applyI18n, languagePicker } from './i18n.js';

const form = document.getElementById('form');
const mode = form.dataset.mode;
const message = document.getElementById('message');
applyI18n(document);
languagePicker(document.getElementById('lang'));

// Where to go after signing in: only a page of this site, never an open redirect. The browser's own URL parser
// decides (it reads '/\host' and '/<tab>/host' as '//host', which a string prefix check lets through).
function nextPage(next = new URLSearchParams(location.search).get('next')) {
  if (!next) return '/';
  let url;
  try { url = new URL(next, location.origin); } catch { return '/'; }
  if (url.origin !== location.origin) return '/';
  return url.pathname + url.search + url.hash;
}

// an invite link (/signup?invite=…) lets its one holder sign up while sign-up is closed
const invite = mode === 'signup' ? new URLSearchParams(location.search).get('invite') : null;
if (invite) { message.className = 'muted'; message.textContent = t('invited'); }

form.addEventListener('submit', async e => {
  e.preventDefault();
  message.textContent = '';
  message.className = 'error';
  const username = document.getElementById('username').value.trim();
  const password = document.getElementById('password').value;
  try {
    if (mode === 'signup') {
      const display = document.getElementById('display_name').value.trim();
      await api('/api/v1/auth/signup', { method: 'POST', body: { username, password, ...(display ? { display_name: display } : {}),
        ...(invite ? { invite } : {}) } });
      message.className = 'muted';
      message.textContent = t('signup_done');
      setTimeout(() => { location.href = '/login'; }, 800);
    } else {
      await api('/api/v1/auth/login', { method: 'POST', body: { username, password } });
      location.href = nextPage();
    }
  } catch (err) {
    if (mode === 'signup' && err.status === 403) message.textContent = invite ? err.message : t('signup_off');
    else if (err.status === 429) message.textContent = err.message + (err.retryAfter ? ` (${err.retryAfter} s)` : '');
    else message.textContent = err.message;
    message.dataset.status = err.status ?? '';
  }
});
