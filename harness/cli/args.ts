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

/** Thrown for --help: the CLI prints the message and exits 0. */
export class HelpRequested extends Error {
  override name = 'HelpRequested';
}

export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>, command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') throw new HelpRequested(helpText(command, specs));
    if (/^-[^-]/.test(arg)) throw new UsageError(`Unknown flag ${arg} for '${command}'. Flags are spelled out: ${flagList(specs)}.`);
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = specs[name];
    if (!spec) {
      const near = Object.keys(specs).find((flag) => distance(flag, name) <= 2);
      const guess = near ? ` Did you mean --${near}?` : '';
      throw new UsageError(`Unknown flag --${name} for '${command}'.${guess} It takes: ${flagList(specs)}.`);
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
  impl: { value: true, help: '<dir>: run against any tree laid out like phases/ (relative to where you are)' },
};

function flagList(specs: Readonly<Record<string, FlagSpec>>): string {
  return (
    Object.keys(specs)
      .map((flag) => `--${flag}`)
      .join(', ') || 'no flags'
  );
}

function helpText(command: string, specs: Readonly<Record<string, FlagSpec>>): string {
  const lines = Object.entries(specs).map(([flag, spec]) => {
    const [argument, ...description] = spec.value ? spec.help.split(': ') : ['', spec.help];
    return `  ${`--${flag}${argument ? ` ${argument}` : ''}`.padEnd(22)} ${description.join(': ') || argument}`;
  });
  return [`npm run ${command} [-- flags]`, ...lines].join('\n');
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}
