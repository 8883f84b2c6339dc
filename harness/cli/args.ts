/**
 * Command-line arguments: positionals and `--flag [value]` pairs, checked against what each
 * command accepts so that a typo is a usage error naming the flags it could have been.
 */
import { UsageError } from '../usage-error.ts';

export interface FlagSpec {
  /** Takes a value (`--impl <dir>`) or is a switch (`--solution`). */
  readonly value: boolean;
  readonly help: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>, command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = specs[name];
    if (!spec) {
      const known =
        Object.keys(specs)
          .map((flag) => `--${flag}`)
          .join(', ') || 'no flags';
      throw new UsageError(`Unknown flag --${name} for '${command}'. It takes: ${known}.`);
    }
    if (!spec.value) {
      flags.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value: --${name} ${spec.help}`);
    flags.set(name, value);
  }
  return { positionals, flags };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** An integer flag within [min, max], or undefined when absent. */
export function intFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${raw}`);
  }
  return value;
}

export const TARGET_FLAGS: Readonly<Record<string, FlagSpec>> = {
  solution: { value: false, help: 'run against solutions/ (the reference)' },
  impl: { value: true, help: '<dir>' },
};
