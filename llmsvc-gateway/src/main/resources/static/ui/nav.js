// The top bar of the pages other than the chat (documents, files, jobs, /me, /admin).
import { requireLogin, logout } from './api.js';
import { applyI18n, languagePicker } from './i18n.js';

export async function page(onLanguage) {
  const me = await requireLogin();
  applyI18n(document);
  document.getElementById('who').textContent = me.user.display_name || me.user.username;
  if (me.roles.includes('admin')) document.getElementById('admin-link').classList.remove('hidden');
  document.getElementById('logout').addEventListener('click', e => { e.preventDefault(); logout(); });
  languagePicker(document.getElementById('lang'), onLanguage);
  return me;
}
