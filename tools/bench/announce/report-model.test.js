// node --test tools/bench/announce/  (plain node:test: tools/ is not a jest project)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collect,
  cpuMicros,
  median,
  parseLine,
  redisPerPeer,
  renderReport,
  runStats,
  verdicts,
} from './report-model.js';
import { statsByKey } from './report-model.js';

// Shapes of the lines run.sh writes (the load generator's summary line with our prefix and suffix).
const run = (target, scen, rps, extra = '') =>
  `rep=1 target=${target} scen=${scen} gen=loadgen mode=announce conns=64 keepalive=1 secs=5.00 ` +
  `reqs=${rps * 5} rps=${rps} p50_ms=1.500 p90_ms=2.000 p99_ms=4.250 2xx=${rps * 5} non2xx=0 ` +
  `failure_reason=0 bad_body=0 err_connect=0 err_read=0 err_write=0 err_timeout=0 ` +
  `server_rss_kb=90000 server_cpu_pct=80 gen_cpu_pct=30 softirq_pct=2 other_cpu_pct=20 machine_busy_pct=130${extra}`;

const fullRun = [
  'bench secs=5 warmup=1 prefill_cap=60 only=all scenarios=a,b,c,d,s10 machine_busy_pct_before=12',
  'redis pid=2199 pinned=0 was=0,1',
  'check target=ours rc=0 failed_lines=0',
  'check target=bittorrent-tracker rc=1 failed_lines=2',
  run('ours', 'a', 10000, ' redis_cpu_pct=15 redis_script_calls=100 redis_script_usec=4000'),
  run('ours', 'c', 9500, ' redis_cpu_pct=30'),
  run('ours', 'd', 4000, ' redis_cpu_pct=10'),
  run('opentracker', 'a', 12500),
  run('node-http', 'd', 5000),
  run('bittorrent-tracker', 'c', 70),
  'prefill target=bittorrent-tracker group=c slots=50000 mode=announce+prefill reqs=9000 rps=150',
  'memory target=ours scen=c used_before=20000000 peers=50000 swarm_bytes=7500000 zset_bytes=4000000 data_bytes=3500000 stream_bytes=5000000 used_memory=33000000 server_rss_kb=100000',
  'failed target=opentracker scen=b',
];

test('parseLine reads result lines and ignores everything else', () => {
  assert.deepEqual(parseLine('check target=ours rc=0 failed_lines=0'), {
    kind: 'check',
    fields: { target: 'ours', rc: '0', failed_lines: '0' },
  });
  assert.equal(parseLine('rep=1 target=ours scen=a rps=5').kind, 'run');
  assert.equal(parseLine('bench: some progress message'), null);
  assert.equal(parseLine(''), null);
});

test('median takes the middle of the finite values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.ok(Number.isNaN(median([NaN])));
});

test('cpuMicros turns a CPU share and a rate into µs per request', () => {
  assert.equal(cpuMicros(50, 10000), 50);
  assert.ok(Number.isNaN(cpuMicros(50, 0)));
});

test('runStats counts Redis as part of our server, not as foreign load', () => {
  const s = runStats([parseLine(run('ours', 'a', 10000, ' redis_cpu_pct=15')).fields]);
  assert.equal(s.rps, 10000);
  assert.equal(s.serverUs, 80);
  assert.equal(s.redisUs, 15);
  assert.equal(s.foreignPct, 5);
  assert.deepEqual(s.errors, [0]);
});

test('redisPerPeer divides the swarm keys and the used_memory delta by the peers', () => {
  const perPeer = redisPerPeer(collect(fullRun).memory);
  assert.equal(perPeer.swarmBytes, 150);
  assert.equal(perPeer.usedDelta, 260);
  assert.equal(perPeer.usedDeltaWithoutStream, 160);
});

test('verdicts compare with the issue targets and say when a figure is missing', () => {
  const collected = collect(fullRun);
  const [keepAlive, close, swarm, memory] = verdicts(statsByKey(collected), collected.memory);
  assert.equal(keepAlive.value, 0.8);
  assert.equal(keepAlive.pass, false);
  assert.equal(close.value, 0.8);
  assert.equal(close.pass, false);
  assert.equal(swarm.value, 0.95);
  assert.equal(swarm.pass, true);
  assert.equal(memory.pass, true);
  const none = verdicts(new Map(), []);
  assert.ok(none.every((v) => v.pass === undefined));
});

test('renderReport prints ratios, verdicts, an incomplete prefill and failed checks', () => {
  const report = renderReport(fullRun);
  assert.match(
    report,
    /\| a: 1,000 torrents × 10 peers, keep-alive \| ours \| 10,000 \| 1\.50 \| 4\.25 \| 80 \+ Redis 15 = 95 \(in scripts 40 µs\/call\) \|/,
  );
  assert.match(report, /\| a: 1,000 torrents × 10 peers, keep-alive \| 0\.80 \| – \| – \|/);
  assert.match(report, /keep-alive \(a\): ours ÷ opentracker \| 0\.80 \| ≥ 1× \| MISSED/);
  assert.match(report, /hot swarm: ours c ÷ ours a \| 0\.95 \| ≥ 0\.9× \| met/);
  assert.match(report, /prefill incomplete: 9,000 of 50,000 peers/);
  assert.match(report, /bittorrent-tracker: FAILED \(2 failing checks\)/);
  assert.match(report, /opentracker b: run failed/);
  assert.match(report, /Redis \(pid 2199\) pinned to core 0/);
  assert.match(report, /MEMORY USAGE of its keys 150 B\/peer \(peers zset 80, peer data hash 70\)/);
});
