// Pure summary of a V8 .cpuprofile (node --cpu-prof): where the samples fell, by function
// and by code area, so the report says what to optimise without opening DevTools.

/** Code areas in the order they are tried; the first match wins. */
const AREAS = [
  ['our announcer', /apps\/announcer\//],
  ['tracker-redis', /libs\/tracker-redis\//],
  ['tracker-core', /libs\/tracker-core\//],
  ['ioredis', /node_modules\/(ioredis|@ioredis|redis-parser|denque|cluster-key-slot)\//],
  ['prom-client', /node_modules\/prom-client\//],
  ['pino', /node_modules\/(pino|sonic-boom)/],
  ['other npm packages', /node_modules\//],
  [
    'node:http / net / streams',
    /^node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|js_stream))/,
  ],
  ['node internals', /^node:/],
];

export function areaOf(callFrame) {
  const { url, functionName } = callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : 'V8 / native';
  for (const [name, pattern] of AREAS) if (pattern.test(url)) return name;
  return 'other';
}

/** Self time in ms per node id, from samples and their time deltas (µs). */
function selfTimes(profile) {
  const self = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time since the previous sample: it belongs to sample i - 1's node.
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  return self;
}

function shortUrl(url) {
  const at = url.search(/(apps|libs|node_modules)\//);
  return at >= 0 ? url.slice(at) : url.replace(/^file:\/\//, '');
}

/** { totalMs, byFunction: [{ name, where, area, ms }], byArea: [{ area, ms }] }, heaviest first. */
export function summarizeProfile(profile) {
  const self = selfTimes(profile);
  const byFunction = new Map();
  const byArea = new Map();
  let totalMs = 0;
  for (const node of profile.nodes ?? []) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const cf = node.callFrame;
    const where = cf.url ? `${shortUrl(cf.url)}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName}@${where}`;
    const entry = byFunction.get(key) ?? {
      name: cf.functionName || '(anonymous)',
      where,
      area: areaOf(cf),
      ms: 0,
    };
    entry.ms += ms;
    byFunction.set(key, entry);
    byArea.set(entry.area, (byArea.get(entry.area) ?? 0) + ms);
    totalMs += ms;
  }
  const heaviest = (a, b) => b.ms - a.ms;
  return {
    totalMs,
    byFunction: [...byFunction.values()].sort(heaviest),
    byArea: [...byArea].map(([area, ms]) => ({ area, ms })).sort(heaviest),
  };
}

export function renderProfile(name, summary, top = 25) {
  const pct = (ms) => ((100 * ms) / (summary.totalMs || 1)).toFixed(1);
  const out = [`### CPU profile: ${name} (${(summary.totalMs / 1000).toFixed(1)} s sampled)`, ''];
  out.push('| area | self % |', '|---|---|');
  for (const a of summary.byArea) out.push(`| ${a.area} | ${pct(a.ms)} |`);
  out.push('', '| function | where | area | self % |', '|---|---|---|---|');
  for (const f of summary.byFunction.slice(0, top))
    out.push(`| ${f.name} | ${f.where} | ${f.area} | ${pct(f.ms)} |`);
  return out.join('\n');
}
