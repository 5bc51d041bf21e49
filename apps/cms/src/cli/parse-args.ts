/** A command line the operator got wrong: the message is printed as one line, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Record<string, string>;
}

/**
 * Pure: `<command> [positional…] [--flag value | --flag=value]…`. Every flag takes a value;
 * unknown flags are refused per command by `allowFlags`.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command || command.startsWith('-')) throw new CliUsageError('no command given (try: help)');
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const value = eq === -1 ? rest[++i] : arg.slice(eq + 1);
    if (!name) throw new CliUsageError(`bad flag "${arg}"`);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      throw new CliUsageError(`--${name} needs a value`);
    }
    flags[name] = value;
  }
  return { command, positional, flags };
}

export function allowFlags(args: ParsedArgs, allowed: readonly string[]): void {
  const unknown = Object.keys(args.flags).find((name) => !allowed.includes(name));
  if (unknown) throw new CliUsageError(`${args.command} does not take --${unknown}`);
}

export function exactlyPositional(args: ParsedArgs, count: number, usage: string): string[] {
  if (args.positional.length !== count) throw new CliUsageError(`usage: ${usage}`);
  return args.positional;
}
