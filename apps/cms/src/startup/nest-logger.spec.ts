import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { nestLogger, StartupQuietLogger } from './nest-logger.js';

/** Everything written to stdout while `run` runs. */
function stdoutOf(run: () => void): string {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe("the CMS's Nest logger", () => {
  afterEach(() => Logger.overrideLogger(true));

  it("drops Nest's module and route lines at the default level, keeps everything else", () => {
    Logger.overrideLogger(new StartupQuietLogger(['fatal', 'error', 'warn', 'log']));
    const out = stdoutOf(() => {
      new Logger('RouterExplorer').log('Mapped {/releases, GET} route');
      new Logger('RoutesResolver').log('ReleasesController {/releases}:');
      new Logger('InstanceLoader').log('AppModule dependencies initialized');
      new Logger('cms').log('our own line');
      new Logger('RouterExplorer').warn('a warning stays');
    });
    expect(out).not.toContain('Mapped');
    expect(out).not.toContain('ReleasesController');
    expect(out).not.toContain('dependencies initialized');
    expect(out).toContain('our own line');
    expect(out).toContain('a warning stays');
  });

  it('keeps the route lines at LOG_LEVEL=debug', () => {
    Logger.overrideLogger(new StartupQuietLogger(['fatal', 'error', 'warn', 'log', 'debug']));
    const out = stdoutOf(() => new Logger('RouterExplorer').log('Mapped {/releases, GET} route'));
    expect(out).toContain('Mapped {/releases, GET} route');
  });

  it('stays silent at LOG_LEVEL=none', () => {
    expect(nestLogger(false)).toBe(false);
  });
});
