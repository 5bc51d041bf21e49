import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's chromium (installed by .ci/run); playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Quiet, sandbox-free headless flags: the test must not reach the network (no QUIC, no
 * component updates, no sync) and must run as root inside CI containers.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches chromium with a fresh temporary profile (playwright makes a new user-data dir per
 * launch and deletes it on close), so no state leaks between runs. Each simulated person then
 * gets their own context: separate cookies, as separate browsers would have.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    timeout: 20_000,
  });
}
