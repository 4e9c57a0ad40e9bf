// The 404 page for an unknown address under the UI: its strings in the chosen language, and a link home.
import { applyI18n, t } from './i18n.js';

applyI18n(document);
document.title = `${t('not_found')} · ${t('app')}`;
document.body.dataset.ready = 'true';
