import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseCmsConfig } from './cms-config.js';

describe('parseCmsConfig', () => {
  it('gives documented defaults for the embedded setup, with a generated session secret', () => {
    const config = parseCmsConfig({});
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      databaseUrl: undefined,
      dataDir: './var',
      sqlitePath: './var/cms.sqlite',
      announceBaseUrl: 'http://localhost:3001',
      registrationMode: 'open',
      sessionSecretGenerated: true,
    });
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [{ CMS_PORT: '70000' }, /CMS_PORT/],
    [{ CMS_PORT: 'abc' }, /CMS_PORT/],
    [{ REGISTRATION_MODE: 'closed' }, /REGISTRATION_MODE must be one of open, invite/],
    [
      { DATABASE_URL: 'postgres://x/y', SESSION_SECRET: 'x'.repeat(32) },
      /DATABASE_URL must start with mysql:/,
    ],
    [{ ANNOUNCE_BASE_URL: 'not a url' }, /ANNOUNCE_BASE_URL is not a valid URL/],
    [{ SESSION_SECRET: 'short' }, /at least 32/],
    [{ DATABASE_URL: 'mysql://u:p@h/db' }, /SESSION_SECRET is required/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be at least 16 characters/],
    [{ TRUST_PROXY: '10.0.0.1, proxy.example' }, /TRUST_PROXY must list proxy IP addresses/],
    [{ CMS_HEADERS_TIMEOUT_MS: '0' }, /CMS_HEADERS_TIMEOUT_MS must be a whole number/],
    [{ CMS_MAX_CONNECTIONS_PER_IP: '1.5' }, /CMS_MAX_CONNECTIONS_PER_IP must be a whole number/],
    [{ CMS_BODY_TIMEOUT_MS: '60000', CMS_UPLOAD_TIMEOUT_MS: '30000' }, /CMS_BODY_TIMEOUT_MS must not/],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => parseCmsConfig(env)).toThrow(ConfigError);
    expect(() => parseCmsConfig(env)).toThrow(message);
  });

  it.each([
    ['info', 'log'],
    ['fatal', 'error'],
    ['trace', 'verbose'],
    ['silent', 'none'],
    ['warn', 'warn'],
    ['debug', 'debug'],
    ['log', 'log'],
    ['verbose', 'verbose'],
  ])('takes LOG_LEVEL=%s (pino or Nest name) as the Nest level %s', (given, level) => {
    expect(parseCmsConfig({ LOG_LEVEL: given }).logLevel).toBe(level);
  });

  it('names both vocabularies when LOG_LEVEL is unknown', () => {
    expect(() => parseCmsConfig({ LOG_LEVEL: 'constructor' })).toThrow(
      'LOG_LEVEL must be one of none, error, warn, log, debug, verbose, fatal, info, trace, silent (got "constructor")',
    );
  });

  it('strips the trailing slash of the announce base URL', () => {
    expect(parseCmsConfig({ ANNOUNCE_BASE_URL: 'https://t.example/' }).announceBaseUrl).toBe(
      'https://t.example',
    );
  });

  it('reads the HTTP edge: trusted proxies, timeouts and connection caps, with defaults', () => {
    expect(parseCmsConfig({}).http).toEqual({
      trustProxy: [],
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
      uploadTimeoutMs: 120_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 10_000,
      maxConnectionsPerIp: 128,
    });
    const config = parseCmsConfig({
      TRUST_PROXY: ' 10.0.0.1 ,::1,',
      CMS_HEADERS_TIMEOUT_MS: '5000',
      CMS_MAX_CONNECTIONS: '2000',
    });
    expect(config.http).toMatchObject({
      trustProxy: ['10.0.0.1', '::1'],
      headersTimeoutMs: 5000,
      maxConnections: 2000,
    });
  });
});
