// node tools/bench/site/measure.js <base url> <seconds> <out.json>
// Drives each page with autocannon (20 connections) from this process, separate from the CMS,
// and prints requests/s, p50 and p99 per page against the p99 target.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { P99_TARGET_MS } from './bench-config.js';
import { logIn, PAGES } from './pages.js';

const CONNECTIONS = 20;
const WARMUP_SECONDS = 2;

const [baseUrl, secondsArg, outFile] = process.argv.slice(2);
const seconds = Number(secondsArg);
if (!baseUrl || !outFile || !Number.isInteger(seconds) || seconds < 1) {
  console.error('usage: measure.js <base url> <seconds> <out.json>');
  process.exit(2);
}

function run(page, cookie, duration, connections) {
  return autocannon({
    url: baseUrl,
    connections,
    duration,
    headers: page.login ? { cookie } : {},
    requests: [{ setupRequest: (req) => ({ ...req, path: page.path() }) }],
  });
}

function row(page, r) {
  const bad = r.non2xx + r.errors + r.timeouts;
  return {
    page: page.name,
    title: page.title,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    failed: bad,
    meetsTarget: r.latency.p99 < P99_TARGET_MS && bad === 0,
  };
}

function table(rows) {
  const lines = [
    `| page | req/s | p50 ms | p99 ms | max ms | requests | non-2xx/errors | p99 < ${P99_TARGET_MS} ms |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const verdict = r.meetsTarget ? 'yes' : 'NO';
    lines.push(
      `| ${r.title} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.max} | ${r.requests} | ${r.failed} | ${verdict} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Waits until a cheap page answers fast again. A slow page leaves queries queued in the CMS's
 * connection pool after autocannon stops; without this they would be charged to the next page.
 */
async function drain(cookie) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/releases/1`, { headers: { cookie } }).catch(() => null);
    await res?.arrayBuffer();
    if (res?.status === 200 && performance.now() - started < 100) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  process.stderr.write('bench:site: the CMS is still slow 90 s after the last page; measuring anyway\n');
}

async function main() {
  const cookie = await logIn(baseUrl);
  const rows = [];
  for (const page of PAGES) {
    await drain(cookie);
    await run(page, cookie, WARMUP_SECONDS, 4);
    const result = await run(page, cookie, seconds, CONNECTIONS);
    rows.push(row(page, result));
    process.stderr.write(`bench:site: ${page.name}: ${rows.at(-1).rps} req/s, p99 ${rows.at(-1).p99} ms\n`);
  }
  writeFileSync(outFile, JSON.stringify({ connections: CONNECTIONS, seconds, rows }, null, 2));
  console.log(`## Throughput and latency (${CONNECTIONS} connections, ${seconds} s per page)\n`);
  console.log(table(rows));
}

main().catch((err) => {
  console.error(`bench:site: measurement failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
