import { describe, expect, it } from '@jest/globals';
import { allowFlags, CliUsageError, parseArgs } from './parse-args.js';

describe('parseArgs', () => {
  it('splits command, positional arguments and flags in both spellings', () => {
    expect(parseArgs(['releases:import', 'a.torrent', '--title', 'A B', '--category=Movies'])).toEqual({
      command: 'releases:import',
      positional: ['a.torrent'],
      flags: { title: 'A B', category: 'Movies' },
    });
  });

  it.each([
    [[]],
    [['--role', 'x']],
    [['users:create', 'x', '--role']],
    [['users:create', '--role', '--email', 'e']],
  ])('refuses %j', (argv) => {
    expect(() => parseArgs(argv)).toThrow(CliUsageError);
  });

  it('refuses flags a command does not take', () => {
    expect(() => allowFlags(parseArgs(['users:token', 'x', '--role', 'admin']), ['name'])).toThrow(
      'users:token does not take --role',
    );
  });
});
