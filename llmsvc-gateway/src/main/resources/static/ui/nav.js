// The one navigation of every signed-in page (chat, documents, files, jobs, /me, /admin): the sidebar's links with
// the current page marked, who is signed in, theme, language and sign-out. Under 800 px the sidebar is an overlay
// that the menu button in the top bar opens; Escape, the backdrop or a link close it.
import { requireLogin, logout } from './api.js';
import { applyI18n, languagePicker } from './i18n.js';
import { themePicker, applyTheme } from './theme.js';

const LINKS = [['/', 'chat'], ['/documents', 'documents'], ['/files', 'files'], ['/jobs', 'jobs'], ['/me', 'my_page'], ['/admin', 'admin']];
const narrow = window.matchMedia('(max-width: 800px)');

/** Signs in (or goes to /login), draws the navigation and the page's strings; onLanguage runs after a language change. */
export async function page(onLanguage) {
  applyTheme();
  const me = await requireLogin();
  build(me);
  applyI18n(document);
  languagePicker(document.getElementById('lang'), onLanguage);
  return me;
}

function build(me) {
  const side = document.getElementById('side');
  const here = location.pathname === '/chat' ? '/' : location.pathname;
  const head = document.createElement('div');
  head.innerHTML = `<div class="brand"><b data-i18n="app"></b></div><nav class="links" data-i18n-label="navigation">`
    + LINKS.map(([href, key]) => `<a href="${href}" data-i18n="${key}"${href === '/admin' ? ' id="admin-link"' : ''}`
      + `${href === '/admin' && !me.roles.includes('admin') ? ' class="hidden"' : ''}${href === here ? ' aria-current="page"' : ''}></a>`).join('')
    + '</nav>';
  side.prepend(...head.children);
  if (!side.querySelector('.sessions')) side.insertAdjacentHTML('beforeend', '<div class="spacer"></div>');
  side.insertAdjacentHTML('beforeend', '<div class="bottom"><span id="who" class="who"></span>'
    + '<label><span data-i18n="theme"></span> <select id="theme"></select></label>'
    + '<label><span data-i18n="language"></span> <select id="lang"></select></label>'
    + '<button type="button" id="logout" class="link" data-i18n="logout"></button></div>');
  document.getElementById('who').textContent = me.user.display_name || me.user.username;
  document.getElementById('logout').addEventListener('click', () => logout());
  themePicker(document.getElementById('theme'));

  const shell = side.closest('.shell');
  const main = shell.querySelector('.main');
  main.insertAdjacentHTML('afterbegin', '<header class="topbar"><button type="button" id="menu" class="menu" aria-expanded="false"'
    + ' aria-controls="side" data-i18n-label="menu">☰</button><b data-i18n="app"></b></header>');
  shell.insertAdjacentHTML('beforeend', '<div class="backdrop"></div>');
  const button = document.getElementById('menu');
  button.addEventListener('click', () => (isMenuOpen() ? closeMenu(true) : openMenu()));
  shell.querySelector('.backdrop').addEventListener('click', () => closeMenu(true));
  side.addEventListener('click', e => { if (e.target.closest('a[href]')) closeMenu(false); });
  narrow.addEventListener('change', () => closeMenu(false));
  // registered before the page's own keys: an open menu takes Escape first
  document.addEventListener('keydown', e => {
    if (!isMenuOpen()) return;
    if (e.key === 'Escape') { e.stopImmediatePropagation(); closeMenu(true); }
    if (e.key === 'Tab') trapFocus(side, e);
  });
}

/** Tab and Shift+Tab go round the open overlay's controls instead of leaving it. */
function trapFocus(side, e) {
  const all = [...side.querySelectorAll('a[href], button, input, select, textarea')].filter(el => !el.disabled && el.offsetParent !== null);
  if (!all.length) return;
  const first = all[0], last = all.at(-1);
  if (!side.contains(document.activeElement)) { e.preventDefault(); first.focus(); }
  else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
}

export function isMenuOpen() { return document.querySelector('.shell')?.classList.contains('menu-open') ?? false; }

function openMenu() {
  const shell = document.querySelector('.shell');
  shell.classList.add('menu-open');
  document.getElementById('menu').setAttribute('aria-expanded', 'true');
  shell.querySelector('.main').inert = true; // the overlay is modal: focus stays in the menu
  shell.querySelector('.passage')?.setAttribute('inert', '');
  document.querySelector('#side .links a').focus();
}

/** Closes the overlay (a no-op when it is not open); refocus puts the focus back on the menu button. */
export function closeMenu(refocus) {
  const shell = document.querySelector('.shell');
  if (!shell?.classList.contains('menu-open')) return;
  shell.classList.remove('menu-open');
  shell.querySelector('.main').inert = false;
  shell.querySelector('.passage')?.removeAttribute('inert');
  const button = document.getElementById('menu');
  button.setAttribute('aria-expanded', 'false');
  if (refocus) button.focus();
}
