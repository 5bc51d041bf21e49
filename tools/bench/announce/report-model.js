// Pure part of the report: result lines in, markdown out. No I/O, so it is unit-tested
// (report-model.test.js) and the CLI (report.js) only reads files.

export const SCENARIOS = [
  { id: 'a', title: 'a: 1,000 torrents × 10 peers, keep-alive' },
  { id: 'b', title: 'b: 10,000 torrents × 10 peers, keep-alive' },
  { id: 'c', title: 'c: hot swarm, 1 torrent × 50,000 peers' },
  { id: 'd', title: 'd: as a, Connection: close' },
  { id: 's10', title: 'scrape, 10 hashes (state of a)' },
];

export const TARGETS = ['ours', 'opentracker', 'bittorrent-tracker', 'node-http'];

const ERROR_FIELDS = [
  'non2xx',
  'failure_reason',
  'bad_body',
  'err_connect',
  'err_read',
  'err_write',
  'err_timeout',
];

const RECORD_KINDS = new Set(['bench', 'redis', 'prefill', 'memory', 'check', 'failed']);

/** One raw line -> { kind, fields } or null for lines the report does not use. */
export function parseLine(line) {
  const first = line.split(' ', 1)[0];
  const kind = /^rep=\d+$/.test(first) ? 'run' : RECORD_KINDS.has(first) ? first : null;
  if (kind === null) return null;
  const fields = {};
  for (const m of line.matchAll(/(\w+)=(\S*)/g)) fields[m[1]] = m[2];
  return { kind, fields };
}

export function median(values) {
  const nums = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (nums.length === 0) return NaN;
  const mid = nums.length >> 1;
  return nums.length % 2 ? nums[mid] : (nums[mid - 1] + nums[mid]) / 2;
}

const num = (fields, key) => (fields[key] === undefined || fields[key] === '' ? NaN : Number(fields[key]));

/** µs of CPU per request from a CPU share (% of one core) and a request rate. */
export function cpuMicros(cpuPct, rps) {
  return rps > 0 ? ((cpuPct / 100) * 1e6) / rps : NaN;
}

/** Median figures of every run of one target in one scenario. */
export function runStats(runs) {
  const per = (f) => median(runs.map(f));
  const rps = per((r) => num(r, 'rps'));
  return {
    rps,
    p50: per((r) => num(r, 'p50_ms')),
    p99: per((r) => num(r, 'p99_ms')),
    serverUs: per((r) => cpuMicros(num(r, 'server_cpu_pct'), num(r, 'rps'))),
    redisUs: per((r) => cpuMicros(num(r, 'redis_cpu_pct'), num(r, 'rps'))),
    scriptUs: per((r) => num(r, 'redis_script_usec') / num(r, 'redis_script_calls')),
    errors: runs.map((r) => ERROR_FIELDS.reduce((sum, k) => sum + (num(r, k) || 0), 0)),
    // The load generator counts Redis as a foreign process (other_cpu_pct); it is part of our server.
    foreignPct: per((r) => Math.max(0, num(r, 'other_cpu_pct') - (num(r, 'redis_cpu_pct') || 0))),
  };
}

/** Groups parsed lines by kind; runs by "target/scenario". */
export function collect(lines) {
  const out = { runs: new Map(), prefill: [], memory: [], check: [], failed: [], bench: [], redis: [] };
  for (const line of lines) {
    const parsed = parseLine(line);
    if (parsed === null) continue;
    const { kind, fields } = parsed;
    if (kind !== 'run') {
      out[kind].push(fields);
      continue;
    }
    const key = `${fields.target}/${fields.scen}`;
    if (!out.runs.has(key)) out.runs.set(key, []);
    out.runs.get(key).push(fields);
  }
  return out;
}

export function statsByKey(collected) {
  const stats = new Map();
  for (const [key, runs] of collected.runs) stats.set(key, runStats(runs));
  return stats;
}

function ratio(stats, a, b) {
  const x = stats.get(a)?.rps;
  const y = stats.get(b)?.rps;
  return x > 0 && y > 0 ? x / y : NaN;
}

/** Ours ÷ each reference, per scenario, on announces (or scrapes) per second. */
export function ratios(stats) {
  return SCENARIOS.map(({ id }) => ({
    scenario: id,
    opentracker: ratio(stats, `ours/${id}`, `opentracker/${id}`),
    bittorrent: ratio(stats, `ours/${id}`, `bittorrent-tracker/${id}`),
    nodeHttp: ratio(stats, `ours/${id}`, `node-http/${id}`),
  }));
}

/** Redis bytes per peer of the hot swarm (ours), from the memory record written after its prefill. */
export function redisPerPeer(memory) {
  const m = memory.find((f) => f.target === 'ours');
  if (!m) return undefined;
  const peers = num(m, 'peers');
  const delta = num(m, 'used_memory') - num(m, 'used_before');
  return {
    peers,
    swarmBytes: num(m, 'swarm_bytes') / peers,
    zsetBytes: num(m, 'zset_bytes') / peers,
    dataBytes: num(m, 'data_bytes') / peers,
    usedDelta: delta / peers,
    usedDeltaWithoutStream: (delta - num(m, 'stream_bytes')) / peers,
  };
}

/** The issue's performance targets, each with what was measured and a verdict. */
export function verdicts(stats, memory) {
  const perPeer = redisPerPeer(memory);
  const goal = (name, value, min, unit, max) => ({
    name,
    value,
    goal: max ? `≤ ${min} ${unit}` : `≥ ${min}${unit}`,
    pass: Number.isFinite(value) ? (max ? value <= min : value >= min) : undefined,
  });
  return [
    goal('keep-alive (a): ours ÷ opentracker', ratio(stats, 'ours/a', 'opentracker/a'), 1.0, '×'),
    goal('close (d): ours ÷ bare node:http close', ratio(stats, 'ours/d', 'node-http/d'), 0.9, '×'),
    goal('hot swarm: ours c ÷ ours a', ratio(stats, 'ours/c', 'ours/a'), 0.9, '×'),
    goal('Redis per peer (MEMORY USAGE of the swarm keys)', perPeer?.swarmBytes, 200, 'B', true),
  ];
}

const fmt = (v, digits = 0) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';

function prefillNote(prefills, target, scenario) {
  const group = ['a', 'd', 's10'].includes(scenario) ? 'k' : scenario;
  const p = prefills.find((f) => f.target === target && f.group === group);
  if (!p || target === 'node-http') return '';
  const done = num(p, 'reqs');
  const slots = num(p, 'slots');
  return done < slots ? `prefill incomplete: ${fmt(done)} of ${fmt(slots)} peers` : '';
}

function cpuCell(s) {
  if (!Number.isFinite(s.redisUs)) return fmt(s.serverUs);
  const script = Number.isFinite(s.scriptUs) ? ` (in scripts ${fmt(s.scriptUs)} µs/call)` : '';
  return `${fmt(s.serverUs)} + Redis ${fmt(s.redisUs)} = ${fmt(s.serverUs + s.redisUs)}${script}`;
}

function throughputTable(collected, stats) {
  const rows = [
    '| scenario | target | req/s | p50 ms | p99 ms | server CPU µs/req | errors | foreign CPU % | notes |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { id, title } of SCENARIOS) {
    for (const target of TARGETS) {
      const s = stats.get(`${target}/${id}`);
      if (!s) continue;
      const notes = [prefillNote(collected.prefill, target, id)].filter(Boolean).join('; ');
      rows.push(
        `| ${title} | ${target} | ${fmt(s.rps)} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${cpuCell(s)} | ` +
          `${s.errors.join('/')} | ${fmt(s.foreignPct)} | ${notes} |`,
      );
    }
  }
  return rows;
}

function ratioTable(stats) {
  const rows = [
    '| scenario | ÷ opentracker | ÷ bittorrent-tracker | ÷ bare node:http |',
    '|---|---|---|---|',
  ];
  for (const r of ratios(stats)) {
    if (!stats.has(`ours/${r.scenario}`)) continue;
    const title = SCENARIOS.find((s) => s.id === r.scenario).title;
    rows.push(`| ${title} | ${fmt(r.opentracker, 2)} | ${fmt(r.bittorrent, 2)} | ${fmt(r.nodeHttp, 2)} |`);
  }
  return rows;
}

function verdictTable(stats, memory) {
  const rows = ['| target | measured | goal | verdict |', '|---|---|---|---|'];
  for (const v of verdicts(stats, memory)) {
    const verdict = v.pass === undefined ? 'not measured' : v.pass ? 'met' : 'MISSED';
    rows.push(`| ${v.name} | ${fmt(v.value, 2)} | ${v.goal} | ${verdict} |`);
  }
  return rows;
}

function memoryLines(collected) {
  const lines = [];
  const ours = redisPerPeer(collected.memory);
  if (ours) {
    lines.push(
      `- ours, ${fmt(ours.peers)} peers in the hot swarm: MEMORY USAGE of its keys ${fmt(ours.swarmBytes)} B/peer ` +
        `(peers zset ${fmt(ours.zsetBytes)}, peer data hash ${fmt(ours.dataBytes)}); ` +
        `INFO used_memory delta ${fmt(ours.usedDelta)} B/peer, ${fmt(ours.usedDeltaWithoutStream)} B/peer without ` +
        'the stats-stream entries the prefill appended (the CMS consumes and trims those).',
    );
  }
  for (const m of collected.memory.filter((f) => f.target !== 'ours')) {
    const p = collected.prefill.find((f) => f.target === m.target && f.group === 'c');
    const peers = p ? num(p, 'reqs') : NaN;
    const perPeer = ((num(m, 'server_rss_kb') - num(m, 'rss_before_kb')) * 1024) / peers;
    lines.push(
      `- ${m.target}: process RSS grew ${fmt(perPeer)} B/peer over ${fmt(peers)} peers (a rough figure).`,
    );
  }
  return lines;
}

function headerLines(collected) {
  const lines = [];
  for (const b of collected.bench)
    lines.push(
      `Measured ${b.secs} s per scenario after ${b.warmup} s warm-up; prefill bounded at ${b.prefill_cap} s; ` +
        `machine busy before start ${b.machine_busy_pct_before}% of one core (of 200).`,
    );
  for (const r of collected.redis)
    lines.push(
      r.pinned === 'no'
        ? `Redis (pid ${r.pid}) could not be pinned; it ran on cores ${r.runs_on}.`
        : r.pinned === '0'
          ? `Redis (pid ${r.pid}) pinned to core ${r.pinned} with the server (it was on ${r.was}); load generator on core 1.`
          : `Redis (pid ${r.pid}) pinned to core ${r.pinned}, WITH THE LOAD GENERATOR (--redis-cpu; it was on ${r.was}): an experiment, not a figure for the targets.`,
    );
  return lines;
}

export function renderReport(lines) {
  const collected = collect(lines);
  const stats = statsByKey(collected);
  const out = ['## Announce benchmark', '', ...headerLines(collected), ''];
  out.push('### Throughput, latency, CPU', '', ...throughputTable(collected, stats), '');
  out.push(
    'server CPU µs/req: CPU time of the server process (ours: plus redis-server) per request. errors: ' +
      'non-2xx, failure reasons, bodies without interval/files, socket errors and timeouts. foreign CPU: ' +
      'other processes on the machine during the run (above ~30 the run was disturbed).',
    '',
  );
  out.push(
    '### Ratios: ours ÷ reference (requests per second, same invocation)',
    '',
    ...ratioTable(stats),
    '',
  );
  out.push('### Targets (issue 3)', '', ...verdictTable(stats, collected.memory), '');
  const memory = memoryLines(collected);
  if (memory.length) out.push('### Memory per peer (hot swarm, after its prefill)', '', ...memory, '');
  if (collected.check.length || collected.failed.length) {
    out.push('### Checks and failures', '');
    for (const c of collected.check)
      out.push(
        `- correctness check (check-tracker.js) ${c.target}: ${c.rc === '0' ? 'passed' : `FAILED (${c.failed_lines} failing checks)`}`,
      );
    for (const f of collected.failed) out.push(`- ${f.target} ${f.scen ?? f.group}: run failed (see logs/)`);
    out.push('');
  }
  return out.join('\n');
}
