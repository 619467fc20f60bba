/**
 * Command-line arguments of the CLI: `<command> [positional] --name value --flag`.
 * Secrets are never accepted as arguments (shell history, process lists): options that
 * look like one are refused with the environment variable or file to use instead.
 */
import { ConfigError } from '../core';

export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  options: Map<string, string | true>;
}

const FLAGS = new Set(['json', 'reveal', 'help', 'print-token']);
const SECRET_OPTIONS = /^(client-?secret|secret|private-?key|key|password|token|access-?token|refresh-?token|assertion)$/i;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [rawName, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (SECRET_OPTIONS.test(rawName)) {
      throw new ConfigError(
        'CONFIG_INVALID',
        `--${rawName}: secrets are never read from arguments (they stay in shell history and process lists). ` +
          'Use OAUTH_WORKBENCH_CLIENT_SECRET / OAUTH_WORKBENCH_PRIVATE_KEY (or their *_FILE forms), and --token-env / --token-file for a token.',
      );
    }
    if (FLAGS.has(rawName)) options.set(rawName, true);
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new ConfigError('CONFIG_INVALID', `--${rawName} needs a value.`);
      options.set(rawName, value);
    }
  }
  const [command, ...rest] = positional;
  return { command, positional: rest, options };
}

/** A string option, or undefined. */
export function opt(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}
