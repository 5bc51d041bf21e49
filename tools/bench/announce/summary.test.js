// node --test tools/bench/announce/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCount, parseSummary, progressLine, verdict } from './summary.js';

// A summary line as tools/bench/loadgen prints it (HTTP keep-alive run against a server).
const line = (over = {}) => {
  const f = {
    mode: 'announce',
    proto: 'http',
    conns: 64,
    secs: '3.00',
    reqs: 30000,
    rps: 10000,
    p50_ms: '1.500',
    p90_ms: '2.000',
    p99_ms: '4.250',
    '2xx': 30000,
    non2xx: 0,
    failure_reason: 0,
    bad_body: 0,
    err_connect: 0,
    err_read: 0,
    err_write: 0,
    err_timeout: 0,
    server_rss_kb: 60000,
    server_cpu_pct: 97,
    gen_cpu_pct: 40,
    other_cpu_pct: 3,
    ...over,
  };
  return Object.entries(f)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
};

test('parseSummary finds the summary among other output and reads numbers as numbers', () => {
  const fields = parseSummary(`loadgen: a warning\n${line()}\n`);
  assert.equal(fields.mode, 'announce');
  assert.equal(fields.rps, 10000);
  assert.equal(fields.p99_ms, 4.25);
  assert.equal(fields['2xx'], 30000);
});

test('parseSummary refuses output without a complete summary line', () => {
  assert.equal(parseSummary(''), null);
  assert.equal(parseSummary('loadgen: refusing 10.0.0.1: only loopback targets\n'), null);
  assert.equal(parseSummary('mode=announce reqs=5 rps=5\n'), null);
});

test('errorCount adds every kind of failed request', () => {
  const fields = parseSummary(
    line({ non2xx: 1, failure_reason: 2, bad_body: 3, err_connect: 4, err_timeout: 5 }),
  );
  assert.equal(errorCount(fields), 15);
});

test('verdict passes a clean run and a run with under 1% of failures', () => {
  assert.deepEqual(verdict(parseSummary(line())), { ok: true, reason: '' });
  assert.equal(verdict(parseSummary(line({ failure_reason: 299 }))).ok, true);
});

test('verdict fails a run where more than 1% of the requests failed, and says which kind', () => {
  const v = verdict(parseSummary(line({ failure_reason: 200, err_timeout: 200 })));
  assert.equal(v.ok, false);
  assert.match(v.reason, /^400 of 30200 requests failed \(failure_reason, err_timeout\)$/);
});

test('verdict fails a run that got no answer or no summary at all', () => {
  assert.equal(verdict(parseSummary(line({ reqs: 0, rps: 0, err_connect: 6400 }))).ok, false);
  assert.equal(verdict(null).reason, 'no summary line from the load generator');
});

test('progressLine keeps the figures run.sh prints while it runs', () => {
  assert.equal(
    progressLine(parseSummary(line({ err_read: 2 }))),
    'rps=10000 p50_ms=1.5 p90_ms=2 p99_ms=4.25 errors=2 server_cpu_pct=97 gen_cpu_pct=40 other_cpu_pct=3',
  );
});
