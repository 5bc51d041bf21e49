import { describe, expect, it } from '@jest/globals';
import { guestAccess } from './guest-gate.js';

describe('what a guest may open', () => {
  it.each([
    ['GET', '/login'],
    ['POST', '/login'],
    ['POST', '/login/2fa'],
    ['GET', '/register'],
    ['POST', '/register'],
    ['GET', '/password/forgot'],
    ['POST', '/password/reset/abc'],
    ['GET', '/email/confirm'],
    ['GET', '/email/confirm/tok'],
    ['GET', '/email/change/tok'],
    ['GET', '/setup/tok'],
    ['GET', '/rules'],
    ['GET', '/healthz'],
    ['GET', '/metrics'],
    ['GET', '/rss'],
    ['GET', '/rss/download/3'],
    ['POST', '/api/v1/releases'],
  ])('%s %s is open: a way in, the rules, or an endpoint with its own key', (method, path) => {
    expect(guestAccess(method, path)).toBe('open');
  });

  it.each([
    ['GET', '/'],
    ['GET', '/browse'],
    ['HEAD', '/categories/movies'],
    ['GET', '/releases/12'],
    ['GET', '/releases/12/poster'],
  ])('%s %s belongs to the catalogue (open to guests only by the admin setting)', (method, path) => {
    expect(guestAccess(method, path)).toBe('catalogue');
  });

  it.each([
    ['GET', '/releases/12/download'],
    ['POST', '/releases/12/comments'],
    ['POST', '/releases/12'],
    ['GET', '/comments/3/edit'],
    ['GET', '/account'],
    ['GET', '/admin/users'],
    ['GET', '/login/'],
    ['GET', '/LOGIN'],
    ['GET', '/rulesx'],
    ['GET', '/apix'],
    ['GET', '/setup'],
    ['GET', '/password/reset/a/b'],
  ])('%s %s needs a member: downloads, comments, and anything the list does not name', (method, path) => {
    expect(guestAccess(method, path)).toBe('members');
  });
});
