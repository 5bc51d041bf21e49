/**
 * A browser-like client of the site: keeps its session cookie, reads the CSRF token from each
 * form page and posts forms the way the HTML does. One instance per user.
 */
export class SiteSession {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  /** GET a page; throws unless 200. */
  async page(path: string): Promise<string> {
    const res = await this.request(path, { method: 'GET' });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${snippet(body)}`);
    return body;
  }

  /** GET bytes (a .torrent); throws unless 200. */
  async bytes(path: string): Promise<Buffer> {
    const res = await this.request(path, { method: 'GET' });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${snippet(body.toString())}`);
    return body;
  }

  /**
   * Submits the form at `formPath` (loaded first for its CSRF token) to `action`; returns the
   * answer's status, Location and body.
   */
  async submit(
    formPath: string,
    action: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; location: string | null; body: string }> {
    const csrf = csrfTokenOf(await this.page(formPath));
    const res = await this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    });
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  /** Registers through the HTML form; the site logs the new user in (303 to /account). */
  async register(username: string, password: string): Promise<void> {
    const res = await this.submit('/register', '/register', {
      username,
      email: `${username}@example.test`,
      password,
    });
    if (res.status !== 303 || res.location !== '/account') {
      throw new Error(`registration of ${username} refused: ${res.status} ${snippet(res.body)}`);
    }
  }

  /** The passkey as the user's own profile shows it. */
  async passkey(): Promise<string> {
    const match = /<code class="passkey">([0-9a-f]{32})<\/code>/.exec(await this.page('/account'));
    if (!match?.[1]) throw new Error('no passkey on /account');
    return match[1];
  }

  /** Creates an API token on the profile page (shown once) for /api/v1 calls as this user. */
  async createApiToken(name: string): Promise<string> {
    const res = await this.submit('/account', '/account/tokens', { name });
    const match = /<code class="new-token">([^<]+)<\/code>/.exec(res.body);
    if (res.status !== 201 || !match?.[1]) {
      throw new Error(`token refused: ${res.status} ${snippet(res.body)}`);
    }
    return match[1];
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const res = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      if (pair.startsWith('sid=')) this.cookie = pair;
    }
    return res;
  }
}

/** The site's JSON API as one token holder. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: this.auth() });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${snippet(body)}`);
    return JSON.parse(body) as T;
  }

  /** POST /api/v1/releases as multipart, the way an uploader's script does. */
  async createRelease(fields: Record<string, string>, torrent: Buffer): Promise<ReleaseJson> {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('torrent', new Blob([torrent], { type: 'application/x-bittorrent' }), 'upload.torrent');
    const res = await fetch(`${this.baseUrl}/api/v1/releases`, {
      method: 'POST',
      headers: this.auth(),
      body: form,
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`POST /api/v1/releases: ${res.status} ${snippet(body)}`);
    return JSON.parse(body) as ReleaseJson;
  }

  me(): Promise<MeJson> {
    return this.get<MeJson>('/api/v1/me');
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }
}

/** The fields of the site's release JSON this project reads. */
export interface ReleaseJson {
  id: number;
  infoHash: string;
  status: string;
  size: number;
  snatches: number;
}

export interface MeJson {
  username: string;
  uploaded: number;
  downloaded: number;
}

export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF field on the page');
  return match[1];
}

/** The number in a release page's `<dt>label</dt><dd>n</dd>` row. */
export function statOnPage(html: string, label: string): number {
  const match = new RegExp(`<dt>${label}</dt>\\s*<dd[^>]*>(\\d+)</dd>`).exec(html);
  if (!match?.[1]) throw new Error(`no "${label}" on the page`);
  return Number(match[1]);
}

/** True when the page's snatch list has a row for `username`. */
export function listsSnatchOf(html: string, username: string): boolean {
  return new RegExp(`<tr class="snatch">\\s*<td>${username}</td>`).test(html);
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
