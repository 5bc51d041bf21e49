import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failureOf, parseAnnounceQuery, type AnnounceRecord } from './announce-record.js';

/**
 * A recording pass-through in front of the announcer: the site's .torrent files point here,
 * so the test knows exactly which counters the real clients announced and which the announcer
 * accepted. Requests and answers are forwarded byte for byte.
 */
export class AnnounceProxy {
  readonly records: AnnounceRecord[] = [];
  private server: Server | null = null;

  constructor(private readonly upstreamPort: number) {}

  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => this.forward(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The accepted announces of one passkey, in order. */
  accepted(passkey: string): AnnounceRecord[] {
    return this.records.filter((r) => r.accepted && r.passkey === passkey);
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const upstream = request(
      { host: '127.0.0.1', port: this.upstreamPort, method: req.method, path: url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          this.record(url, body);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }

  private record(url: string, body: Buffer): void {
    const [path = '', query = ''] = url.split('?', 2);
    if (!path.startsWith('/announce')) return;
    const parsed = parseAnnounceQuery(query);
    if (!parsed) return;
    const failure = failureOf(body);
    this.records.push({ ...parsed, accepted: failure === '', failure: failure || null });
  }
}
