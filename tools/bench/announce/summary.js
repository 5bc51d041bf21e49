// The load generator's summary line (tools/bench/loadgen): parsing, the short progress form
// run.sh prints, and the verdict on a run (did the target really answer?).
//
// usage: node summary.js FILE   prints the progress form of the summary line in FILE;
//                               exit 1 (with the reason on stderr) when the run failed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REQUIRED = ['reqs', 'rps', 'p50_ms', 'p90_ms', 'p99_ms', 'gen_cpu_pct', 'other_cpu_pct'];
const ERRORS = [
  'non2xx',
  'failure_reason',
  'bad_body',
  'err_connect',
  'err_read',
  'err_write',
  'err_timeout',
];
// Past this share of failed requests the figures describe errors, not the tracker's work.
const MAX_ERROR_SHARE = 0.01;

/** The summary line among the generator's output: key=value pairs, numbers as numbers. */
export function parseSummary(text) {
  const line = text.split('\n').find((l) => /^mode=\S+ /.test(l));
  if (line === undefined) return null;
  const fields = {};
  for (const [, key, value] of line.matchAll(/(\w+)=(\S*)/g))
    fields[key] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  return REQUIRED.every((k) => typeof fields[k] === 'number') ? fields : null;
}

/** Requests that failed: bad status or body, failure reasons, socket errors, timeouts. */
export function errorCount(fields) {
  return ERRORS.reduce((sum, k) => sum + (fields[k] || 0), 0);
}

/** A run fails when nothing was answered or more than 1% of the requests failed. */
export function verdict(fields) {
  if (fields === null) return { ok: false, reason: 'no summary line from the load generator' };
  const errors = errorCount(fields);
  const tried = fields.reqs + fields.err_connect + fields.err_read + fields.err_write + fields.err_timeout;
  if (fields.reqs === 0 || tried === 0) return { ok: false, reason: 'no request was answered' };
  if (errors / tried > MAX_ERROR_SHARE)
    return {
      ok: false,
      reason: `${errors} of ${tried} requests failed (${ERRORS.filter((k) => fields[k]).join(', ')})`,
    };
  return { ok: true, reason: '' };
}

/** "rps=… p50_ms=… p90_ms=… p99_ms=… errors=… gen_cpu_pct=… [server_cpu_pct=…]" */
export function progressLine(fields) {
  const parts = ['rps', 'p50_ms', 'p90_ms', 'p99_ms'].map((k) => `${k}=${fields[k]}`);
  parts.push(`errors=${errorCount(fields)}`);
  for (const k of ['server_cpu_pct', 'gen_cpu_pct', 'other_cpu_pct'])
    if (fields[k] !== undefined) parts.push(`${k}=${fields[k]}`);
  return parts.join(' ');
}

function main([file]) {
  if (!file) {
    console.error('usage: node summary.js FILE');
    process.exit(2);
  }
  const fields = parseSummary(readFileSync(file, 'utf8'));
  const { ok, reason } = verdict(fields);
  if (fields) console.log(progressLine(fields));
  if (!ok) {
    console.error(reason);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
