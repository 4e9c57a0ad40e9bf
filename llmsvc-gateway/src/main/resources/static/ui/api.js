// Fetch wrapper for the gateway's API with the cookie session: sends X-CSRF-Token on state-changing calls and
// turns error bodies into ApiError (status, code, message in the UI's language, serverMessage as sent, Retry-After).
import { errorText } from './i18n.js';

let csrf = null;

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(errorText(code, message) || `HTTP ${status}`);
    this.status = status; this.code = code; this.retryAfter = retryAfter; this.serverMessage = message;
  }
}

export function setCsrf(token) { csrf = token; }
export function csrfHeaders() { return csrf ? { 'X-CSRF-Token': csrf } : {}; }

export async function errorOf(res) {
  let code = null, message = null;
  try {
    const body = await res.json();
    const e = body.error ?? body;
    code = e.code ?? e.error_code ?? null;
    message = e.message ?? e.error_message ?? null;
  } catch { /* not JSON */ }
  const ra = res.headers.get('Retry-After');
  return new ApiError(res.status, code, message, ra == null ? null : Number(ra));
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json', ...(method === 'GET' ? {} : csrfHeaders()) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin', signal });
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return null;
  return res.json();
}

/** The signed-in user ({user, roles, csrf_token}); goes to /login when there is no session. */
export async function requireLogin() {
  try {
    const me = await api('/api/v1/auth/me');
    setCsrf(me.csrf_token);
    return me;
  } catch (e) {
    if (e.status === 401) {
      location.replace('/login?next=' + encodeURIComponent(location.pathname));
      return new Promise(() => {}); // the page is going away
    }
    throw e;
  }
}

export async function logout() {
  try { await api('/api/v1/auth/logout', { method: 'POST' }); } finally { location.href = '/login'; }
}

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
