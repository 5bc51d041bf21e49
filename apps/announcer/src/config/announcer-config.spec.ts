import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DEFAULT_ANNOUNCE_POLICY, peerTtlSeconds } from '@tracker/core';
import { loadAnnouncerConfig } from './announcer-config.js';

describe('loadAnnouncerConfig', () => {
  it('has documented defaults: private mode, port 3001, embedded store', () => {
    const config = loadAnnouncerConfig({});
    expect(config.host).toBeUndefined();
    expect(config.metricsToken).toBeUndefined();
    expect(config).toMatchObject({
      port: 3001,
      redisUrl: undefined,
      redisPrefix: 'tr',
      mode: 'private',
      trustProxy: [],
      scrapeMaxHashes: 64,
      registryCacheMs: 2000,
      logLevel: 'info',
      maxCreditRate: 134_217_728,
      maxPeersPerUser: 3,
    });
    expect(config.policy).toMatchObject({
      intervalSeconds: 1800,
      minIntervalSeconds: 300,
      defaultNumWant: 50,
      maxNumWant: 200,
    });
    expect(config.peerTtlSeconds).toBeGreaterThan(1800);
    // The site counts peers with the same default (apps/cms swarm-counts-options.ts): both
    // come from peerTtlSeconds(DEFAULT_ANNOUNCE_POLICY), so a change of either default fails here.
    expect(config.peerTtlSeconds).toBe(peerTtlSeconds(DEFAULT_ANNOUNCE_POLICY));
  });

  it('documents every variable it reads in the announcer README', () => {
    const source = readFileSync(new URL('./announcer-config.ts', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const read = [...source.matchAll(/(?:\(env, '|env\[')([A-Z_]+)'/g)].map((m) => m[1]);
    expect(read.length).toBeGreaterThanOrEqual(15);
    expect(read.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it('reads every variable', () => {
    const config = loadAnnouncerConfig({
      ANNOUNCER_HOST: '127.0.0.1',
      ANNOUNCER_PORT: '4000',
      REDIS_URL: 'redis://r:6379/2',
      REDIS_PREFIX: 'site',
      TRACKER_MODE: 'open',
      TRUST_PROXY: '10.0.0.1, ::1',
      ANNOUNCE_INTERVAL: '900',
      MIN_INTERVAL: '120',
      NUMWANT_DEFAULT: '30',
      NUMWANT_MAX: '80',
      SCRAPE_MAX_HASHES: '10',
      PEER_TTL: '1200',
      LOG_LEVEL: 'warn',
      ANNOUNCER_INSTANCE: 'a-1',
      REGISTRY_CACHE_MS: '500',
      METRICS_TOKEN: 'scrape-me-0123456789',
      MAX_CREDIT_RATE: '12500000',
      MAX_PEERS_PER_USER: '0',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      redisUrl: 'redis://r:6379/2',
      redisPrefix: 'site',
      mode: 'open',
      trustProxy: ['10.0.0.1', '::1'],
      scrapeMaxHashes: 10,
      peerTtlSeconds: 1200,
      logLevel: 'warn',
      instance: 'a-1',
      registryCacheMs: 500,
      metricsToken: 'scrape-me-0123456789',
      maxCreditRate: 12_500_000,
      maxPeersPerUser: 0,
    });
    expect(config.policy).toMatchObject({
      intervalSeconds: 900,
      minIntervalSeconds: 120,
      defaultNumWant: 30,
      maxNumWant: 80,
    });
  });

  it.each([
    [{ ANNOUNCER_PORT: 'http' }, 'ANNOUNCER_PORT must be a whole number, got "http"'],
    [{ ANNOUNCER_PORT: '70000' }, 'ANNOUNCER_PORT must be from 0 to 65535, got 70000'],
    [{ TRACKER_MODE: 'public' }, 'TRACKER_MODE must be one of private, open, got "public"'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL must start with redis:// or rediss://, got "http:"'],
    [{ TRUST_PROXY: 'proxy.local' }, 'TRUST_PROXY must list proxy IP addresses, got "proxy.local"'],
    [{ ANNOUNCE_INTERVAL: '600', MIN_INTERVAL: '900' }, 'MIN_INTERVAL must be from 0 to 600, got 900'],
    [{ NUMWANT_DEFAULT: '100', NUMWANT_MAX: '50' }, 'NUMWANT_MAX must be from 100 to 1000, got 50'],
    [
      { ANNOUNCER_INSTANCE: 'east 1' },
      'ANNOUNCER_INSTANCE must be 1 to 64 of A-Z a-z 0-9 . _ : @ -, got "east 1"',
    ],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters, without spaces'],
    [{ MAX_CREDIT_RATE: '0' }, 'MAX_CREDIT_RATE must be from 1 to 1099511627776, got 0'],
    [{ MAX_CREDIT_RATE: '128MiB' }, 'MAX_CREDIT_RATE must be a whole number, got "128MiB"'],
    [{ MAX_PEERS_PER_USER: '5000' }, 'MAX_PEERS_PER_USER must be from 0 to 1000, got 5000'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
  ])('stops the start with one clear line for %p', (env, message) => {
    expect(() => loadAnnouncerConfig(env)).toThrow(message);
  });
});

describe('the per-address request budget', () => {
  it('is on by default, 50 a second with bursts of 1000', () => {
    expect(loadAnnouncerConfig({}).addressBudget).toEqual({ ratePerSecond: 50, burst: 1000 });
  });

  it('reads ANNOUNCE_RATE_PER_IP and ANNOUNCE_BURST_PER_IP, and 0 turns it off', () => {
    const env = { ANNOUNCE_RATE_PER_IP: '5', ANNOUNCE_BURST_PER_IP: '20' };
    expect(loadAnnouncerConfig(env).addressBudget).toEqual({ ratePerSecond: 5, burst: 20 });
    expect(loadAnnouncerConfig({ ANNOUNCE_RATE_PER_IP: '0' }).addressBudget).toBeUndefined();
  });

  it.each([
    [{ ANNOUNCE_RATE_PER_IP: '-1' }, 'ANNOUNCE_RATE_PER_IP must be a whole number, got "-1"'],
    [{ ANNOUNCE_RATE_PER_IP: '2000000' }, 'ANNOUNCE_RATE_PER_IP must be from 0 to 1000000, got 2000000'],
    [{ ANNOUNCE_BURST_PER_IP: '0' }, 'ANNOUNCE_BURST_PER_IP must be from 1 to 1000000, got 0'],
  ])('stops the start with one clear line for %p', (env, message) => {
    expect(() => loadAnnouncerConfig(env)).toThrow(message);
  });
});

describe('the UDP tracker settings', () => {
  it('are off by default', () => {
    expect(loadAnnouncerConfig({}).udp).toBeUndefined();
  });

  it('read ANNOUNCER_UDP_PORT and ANNOUNCER_UDP_SECRET', () => {
    expect(loadAnnouncerConfig({ ANNOUNCER_UDP_PORT: '3002' }).udp).toEqual({
      port: 3002,
      secret: undefined,
    });
    const env = { ANNOUNCER_UDP_PORT: '6969', ANNOUNCER_UDP_SECRET: 'shared-by-the-fleet-0123' };
    expect(loadAnnouncerConfig(env).udp).toEqual({ port: 6969, secret: 'shared-by-the-fleet-0123' });
  });

  it.each([
    [{ ANNOUNCER_UDP_PORT: 'udp' }, 'ANNOUNCER_UDP_PORT must be a whole number, got "udp"'],
    [{ ANNOUNCER_UDP_PORT: '65536' }, 'ANNOUNCER_UDP_PORT must be from 0 to 65535, got 65536'],
    [
      { ANNOUNCER_UDP_PORT: '3002', ANNOUNCER_UDP_SECRET: 'short' },
      'ANNOUNCER_UDP_SECRET must be at least 16 characters',
    ],
    [
      { ANNOUNCER_UDP_SECRET: 'shared-by-the-fleet-0123' },
      'ANNOUNCER_UDP_SECRET is set but ANNOUNCER_UDP_PORT is not',
    ],
  ])('stop the start with one clear line for %p', (env, message) => {
    expect(() => loadAnnouncerConfig(env)).toThrow(message);
  });
});

describe('the Redis backend (ANNOUNCER_BACKEND)', () => {
  it('stays redis-script by default, and reads memory-sync', () => {
    expect(loadAnnouncerConfig({ REDIS_URL: 'redis://r:6379' }).backend).toBe('redis-script');
    const env = { REDIS_URL: 'redis://r:6379', ANNOUNCER_BACKEND: 'memory-sync' };
    expect(loadAnnouncerConfig(env).backend).toBe('memory-sync');
  });

  it.each([
    [{ ANNOUNCER_BACKEND: 'lua' }, 'ANNOUNCER_BACKEND must be one of redis-script, memory-sync, got "lua"'],
    [{ ANNOUNCER_BACKEND: 'memory-sync' }, 'ANNOUNCER_BACKEND=memory-sync needs REDIS_URL'],
  ])('stops the start with one clear line for %p', (env, message) => {
    expect(() => loadAnnouncerConfig(env)).toThrow(message);
  });
});
