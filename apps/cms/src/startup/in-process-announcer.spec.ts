import { describe, expect, it } from '@jest/globals';
import { withInProcessAnnouncer } from './in-process-announcer.js';

describe('the announce base of the one-process start', () => {
  it("follows the announcer's real port when ANNOUNCE_BASE_URL is not set", () => {
    expect(withInProcessAnnouncer({ ANNOUNCER_PORT: '4101' }, 4101)['ANNOUNCE_BASE_URL']).toBe(
      'http://localhost:4101',
    );
    expect(withInProcessAnnouncer({ ANNOUNCE_BASE_URL: '  ' }, 4102)['ANNOUNCE_BASE_URL']).toBe(
      'http://localhost:4102',
    );
  });

  it('leaves an explicit ANNOUNCE_BASE_URL alone', () => {
    const env = { ANNOUNCE_BASE_URL: 'https://tracker.example.org' };
    expect(withInProcessAnnouncer(env, 4101)).toBe(env);
  });
});
