import { Logger } from '@nestjs/common';

/**
 * A logger for the code under test that keeps its expected warnings and progress lines (an
 * outage, a retry, a dead letter) out of the test output; errors still show.
 */
export function quietLogger(): Logger {
  const logger = new Logger('test');
  logger.warn = () => undefined;
  logger.log = () => undefined;
  return logger;
}
