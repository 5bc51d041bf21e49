import type { TestApp } from './create-test-app.js';

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The Location header of a redirect, if any. */
  location: string | null;
  json<T = unknown>(): T;
}

export interface PostOptions {
  /** Page whose form supplies the CSRF token (default: the path posted to). */
  csrfFrom?: string;
  /** false: send no CSRF token at all (to test the refusal). */
  csrf?: boolean;
  headers?: Record<string, string>;
}

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

function pathOnly(path: string): string {
  return path.split('?')[0] ?? path;
}

/** Pulls the CSRF token out of a rendered form. */
export function extractCsrf(html: string): string {
  const match = CSRF_FIELD.exec(html);
  if (!match?.[1]) throw new Error('no _csrf field in the page');
  return match[1];
}

/** A tiny browser: keeps cookies, does not follow redirects, reads CSRF tokens from forms. */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly testApp: TestApp) {}

  async request(
    method: string,
    path: string,
    body?: RequestInit['body'],
    headers: Record<string, string> = {},
  ): Promise<HttpResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.testApp.baseUrl + path, {
      method,
      body,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });
    this.storeCookies(res.headers.getSetCookie());
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      location: res.headers.get('location'),
      json: <T>() => JSON.parse(text) as T,
    };
  }

  private storeCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  get(path: string, headers?: Record<string, string>): Promise<HttpResponse> {
    return this.request('GET', path, undefined, headers);
  }

  /** GETs a page and returns the CSRF token of its form. */
  async csrf(page: string): Promise<string> {
    const res = await this.get(page);
    return extractCsrf(res.text);
  }

  /** Submits an urlencoded form, with the token read from `csrfFrom` unless csrf is false. */
  async postForm(
    path: string,
    fields: Record<string, string>,
    options: PostOptions = {},
  ): Promise<HttpResponse> {
    const form = new URLSearchParams(fields);
    if (options.csrf !== false && !form.has('_csrf')) {
      form.set('_csrf', await this.csrf(options.csrfFrom ?? pathOnly(path)));
    }
    return this.request('POST', path, form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...options.headers,
    });
  }

  /**
   * Submits a multipart form; the CSRF token travels as its first field, as the site's forms
   * send it (the route reads it after parsing the body; never in the URL).
   */
  async postMultipart(path: string, form: FormData, options: PostOptions = {}): Promise<HttpResponse> {
    let body = form;
    if (options.csrf !== false && !form.has('_csrf')) {
      body = new FormData();
      body.set('_csrf', await this.csrf(options.csrfFrom ?? pathOnly(path)));
      for (const [name, value] of form) body.append(name, value);
    }
    return this.request('POST', path, body, options.headers);
  }

  /** A call to /api with a bearer token. */
  api(
    method: string,
    path: string,
    token: string,
    body?: RequestInit['body'],
    headers: Record<string, string> = {},
  ): Promise<HttpResponse> {
    return this.request(method, path, body, { authorization: `Bearer ${token}`, ...headers });
  }
}
