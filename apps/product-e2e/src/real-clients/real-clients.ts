import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppProcess } from '../support/app-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Debian's interpreter: python3-libtorrent is installed for it, not for a pyenv shim.
const PYTHON = '/usr/bin/python3';

function clientEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], HOME: process.env['HOME'], LANG: 'C.UTF-8' };
}

/**
 * aria2c seeding `torrentFile` from `dir` (the payload is already there, unverified), with DHT,
 * PEX and local discovery off and a short re-announce interval, so its counters reach the
 * tracker often. `--seed-ratio=0.0` seeds until stopped; SIGINT sends a final `stopped` (SIGTERM does not).
 */
export function aria2cSeeder(torrentFile: string, dir: string, port: number): AppProcess {
  return new AppProcess('aria2c', 'aria2c', [
    '--enable-dht=false', '--enable-dht6=false', '--enable-peer-exchange=false', '--bt-enable-lpd=false',
    '--disable-ipv6=true', '--bt-seed-unverified=true', '--seed-ratio=0.0', '--bt-tracker-interval=2',
    `--listen-port=${port}`, `--dir=${dir}`, '--console-log-level=notice', '--summary-interval=0',
    '--check-integrity=false', torrentFile,
  ], clientEnv()); // prettier-ignore
}

/** python3-libtorrent downloading `torrentFile` into `dir`; exits 0 once complete and stopped. */
export function libtorrentLeecher(
  torrentFile: string,
  dir: string,
  port: number,
  timeoutS: number,
): AppProcess {
  return new AppProcess(
    'libtorrent',
    PYTHON,
    [
      path.resolve(here, '../../../../tools/clients/libtorrent-leecher.py'),
      torrentFile,
      dir,
      String(port),
      String(timeoutS),
    ],
    clientEnv(),
  );
}
