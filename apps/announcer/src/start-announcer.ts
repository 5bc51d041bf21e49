import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnnouncerConfig } from './config/announcer-config.js';

export interface RunningAnnouncer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startAnnouncer(config: AnnouncerConfig): Promise<RunningAnnouncer> {
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
