// Small formatting and download helpers shared by the files and jobs pages.
import { api } from './api.js';

/** A byte count as B, KB, MB or GB. */
export function size(n) {
  if (n == null) return '';
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
  if (n < 1024 * 1024 * 1024) return (n / 1024 / 1024).toFixed(1) + ' MB';
  return (n / 1024 / 1024 / 1024).toFixed(2) + ' GB';
}

/** An ISO-8601 instant as local "YYYY-MM-DD HH:MM:SS" (empty for none). */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Downloads a stored file: asks for a fresh signed URL (GET /api/files/{id}/url) and follows it. The response is
 * an attachment (Content-Disposition), so the page stays where it is.
 */
export async function downloadFile(id) {
  const signed = await api(`/api/files/${encodeURIComponent(id)}/url`);
  const a = document.createElement('a');
  a.href = signed.url;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.llmsvcLastDownload = signed.url; // for the browser tests
  return signed;
}
