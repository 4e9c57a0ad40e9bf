// The colour theme: 'system' (prefers-color-scheme, the default), 'light' or 'dark', kept in localStorage
// ("llmsvc.theme") and set as html[data-theme]; app.css holds both palettes. theme-init.js applies it before paint.
const KEY = 'llmsvc.theme';
const THEMES = ['system', 'light', 'dark'];

export function theme() {
  const saved = localStorage.getItem(KEY);
  return THEMES.includes(saved) ? saved : 'system';
}

export function setTheme(value) {
  if (value === 'system' || !THEMES.includes(value)) localStorage.removeItem(KEY); else localStorage.setItem(KEY, value);
  applyTheme();
}

export function applyTheme() {
  const th = theme();
  if (th === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.dataset.theme = th;
}

/** Wires a <select> to the theme; its option texts come from data-i18n (theme_system, theme_light, theme_dark). */
export function themePicker(select) {
  select.innerHTML = THEMES.map(v => `<option value="${v}" data-i18n="theme_${v}"></option>`).join('');
  select.value = theme();
  select.addEventListener('change', () => setTheme(select.value));
}
