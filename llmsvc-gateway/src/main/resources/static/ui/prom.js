// Prometheus text format parsing and the rates the dashboard charts: two scrapes give per-second rates and,
// from histogram bucket deltas, quantiles of the requests in between (as histogram_quantile does).

/** Parses exposition text into [{name, labels, value}] (comments and malformed lines are skipped). */
export function parseProm(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) for (const l of m[3].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    const value = m[4] === '+Inf' ? Infinity : Number(m[4]);
    if (!Number.isNaN(value)) out.push({ name: m[1], labels, value });
  }
  return out;
}

/** Sum of the samples of one series name, optionally filtered by a label predicate. */
export function sum(samples, name, where = () => true) {
  let s = 0;
  for (const x of samples) if (x.name === name && where(x.labels)) s += x.value;
  return s;
}

/** Cumulative buckets of a histogram summed over every other label: Map(le -> count). */
export function buckets(samples, name) {
  const b = new Map();
  for (const x of samples) {
    if (x.name !== name + '_bucket') continue;
    const le = x.labels.le === '+Inf' ? Infinity : Number(x.labels.le);
    b.set(le, (b.get(le) ?? 0) + x.value);
  }
  return b;
}

/** The q-quantile of the observations between two bucket snapshots (linear within a bucket); null if none. */
export function quantile(q, before, after) {
  const les = [...after.keys()].sort((a, b) => a - b);
  const counts = les.map(le => (after.get(le) ?? 0) - (before?.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (!(total > 0)) return null;
  const rank = q * total;
  for (let i = 0; i < les.length; i++) {
    if (counts[i] >= rank) {
      if (les[i] === Infinity) return les[i - 1] ?? null;
      const lo = i === 0 ? 0 : les[i - 1];
      const below = i === 0 ? 0 : counts[i - 1];
      const inBucket = counts[i] - below;
      return inBucket > 0 ? lo + (les[i] - lo) * (rank - below) / inBucket : les[i];
    }
  }
  return null;
}

/** Rates and quantiles between two scrapes {t (ms), samples}. */
export function rates(prev, cur) {
  const dt = (cur.t - prev.t) / 1000;
  const d = (name, where) => Math.max(0, sum(cur.samples, name, where) - sum(prev.samples, name, where)) / dt;
  const lat = [buckets(prev.samples, 'llmsvc_gateway_request_duration_seconds'), buckets(cur.samples, 'llmsvc_gateway_request_duration_seconds')];
  const ttft = [buckets(prev.samples, 'llmsvc_gateway_ttft_seconds'), buckets(cur.samples, 'llmsvc_gateway_ttft_seconds')];
  const ms = v => v == null ? null : v * 1000;
  return {
    rps: d('llmsvc_gateway_requests_total'),
    errors: d('llmsvc_gateway_requests_total', l => Number(l.status) >= 400 || (l.code && l.code !== 'none')),
    p50: ms(quantile(0.5, lat[0], lat[1])),
    p99: ms(quantile(0.99, lat[0], lat[1])),
    ttft: ms(quantile(0.5, ttft[0], ttft[1])),
    tps: d('llmsvc_gateway_tokens_total', l => l.kind === 'completion'),
  };
}
