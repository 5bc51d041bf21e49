import { describe, expect, it } from '@jest/globals';
import { registerAndLogin, useTestApp } from '../support/index.js';

describe('the HTTP edge (sqlite)', () => {
  const t = useTestApp({ database: 'sqlite' });

  it('answers malformed JSON to the API with a JSON 400, not a stack trace', async () => {
    const res = await t
      .client()
      .request('POST', '/api/v1/me', '{"oops', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses an oversized form body with 413 and a readable page', async () => {
    const client = t.client();
    await registerAndLogin(client);
    const big = 'a'.repeat(200 * 1024);
    const res = await client.postForm('/account/tokens', { name: big }, { csrfFrom: '/account' });
    expect(res.status).toBe(413);
    expect(res.text).not.toMatch(/at .*\.js:\d+/);
  });

  it('serves the stylesheet from our own origin', async () => {
    const res = await t.client().get('/static/css/site.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/css/);
  });
});
