// Who may see a document: private, everyone, or one role. Shared by the documents page.
import { esc } from './api.js';
import { t } from './i18n.js';

/** The choices for a user: private, everyone, and each role they hold (an admin may share with any known role). */
export function visibilityChoices(me, current = []) {
  const roles = new Set(me.roles.filter(r => r !== 'admin'));
  if (me.roles.includes('admin')) ['user', 'hr', 'sales'].forEach(r => roles.add(r));
  const values = ['private', 'everyone', ...[...roles].sort().map(r => 'role:' + r)];
  for (const v of current) if (v && !values.includes(v)) values.push(v);
  return values;
}

/** The label of a visibility; {@code owner} names whose document a private one is when it is not the reader's. */
export function visibilityLabel(v, owner = null) {
  if (v === 'private') return owner ? t('vis_private_of', { u: owner }) : t('vis_private');
  if (v === 'everyone') return t('vis_everyone');
  if (v?.startsWith('role:')) return t('vis_role', { r: v.slice(5) });
  return v ?? '';
}

export function visibilityOptions(values, selected, owner = null) {
  return values.map(v => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(visibilityLabel(v, owner))}</option>`).join('');
}
