// /me: the signed-in user's own API keys and usage.
import { page } from './nav.js';
import { keyManager, usageTable } from './keys.js';

const me = await page(() => location.reload());
const $ = id => document.getElementById(id);
const own = '&user_id=' + encodeURIComponent(me.user.id);
const showUsage = () => usageTable($('usage'), $('group-by').value, own).catch(e => { $('error').textContent = e.message; });
$('group-by').addEventListener('change', showUsage);
await Promise.all([keyManager($('keys')), showUsage()]);
document.body.dataset.ready = 'true';
