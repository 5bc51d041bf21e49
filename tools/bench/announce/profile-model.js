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

const PACKAGE_CODE = /(apps|libs|node_modules)\//;

/**
 * The frame a node's time is charged to in the area table: the nearest frame (itself or a
 * caller) in our code or an npm package. A socket write is native code under node:net; what
 * matters is whether ioredis or the HTTP response asked for it. Falls back to the nearest
 * frame with any source, then to the node itself.
 */
function owners(nodes) {
  const parent = new Map();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const owner = new Map();
  const find = (id) => {
    let fallback = null;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame;
      if (PACKAGE_CODE.test(cf.url)) return cf;
      if (fallback === null && cf.url) fallback = cf;
    }
    return fallback ?? byId.get(id).callFrame;
  };
  for (const n of nodes) owner.set(n.id, find(n.id));
  return owner;
}

const describe = (cf) => (cf.url ? `${shortUrl(cf.url)}:${cf.lineNumber + 1}` : '');

/**
 * { totalMs, byFunction: [{ name, where, area, ms }], byArea: [{ area, ms }] }, heaviest first.
 * byFunction keeps the sampled function; native ones (no source) name their package caller.
 */
export function summarizeProfile(profile) {
  const nodes = profile.nodes ?? [];
  const self = selfTimes(profile);
  const owner = owners(nodes);
  const byFunction = new Map();
  const byArea = new Map();
  let totalMs = 0;
  for (const node of nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const cf = node.callFrame;
    const by = owner.get(node.id);
    const where = cf.url
      ? describe(cf)
      : by === cf
        ? ''
        : `native, via ${by.functionName || '(anonymous)'} ${describe(by)}`;
    const key = `${cf.functionName}@${where}`;
    const entry = byFunction.get(key) ?? {
      name: cf.functionName || '(anonymous)',
      where,
      area: areaOf(by),
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
  out.push('Self time; native code (socket writes, hashing) is charged to the package that called it.', '');
  out.push('| area | self % |', '|---|---|');
  for (const a of summary.byArea) out.push(`| ${a.area} | ${pct(a.ms)} |`);
  out.push('', '| function | where | area | self % |', '|---|---|---|---|');
  for (const f of summary.byFunction.slice(0, top))
    out.push(`| ${f.name} | ${f.where} | ${f.area} | ${pct(f.ms)} |`);
  return out.join('\n');
}
