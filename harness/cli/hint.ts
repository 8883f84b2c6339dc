/**
 * `npm run hint <N>`: the phase's hints one at a time, from a nudge to the key idea. How many
 * were shown is remembered in `.kata/hints.json`, so the next call shows the next one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { findPhase, PHASES, type Phase } from '../phases.ts';
import { bold, cyan, dim } from '../style.ts';
import { UsageError } from '../usage-error.ts';
import { parseArgs } from './args.ts';
import { readState, writeState } from './state.ts';

const FLAGS = {
  all: { value: false, help: 'show every hint' },
  reset: { value: false, help: 'forget which hints were shown' },
};

interface Hint {
  readonly title: string;
  readonly body: string;
}

export async function hintCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'hint');
  const phase = hintPhase(args.positionals);
  const hints = readHints(phase);
  const state = readState<Record<string, number>>('hints') as Record<string, number>;
  const key = String(phase.number);
  if (args.flags.has('reset')) {
    state[key] = 0;
    writeState('hints', state);
    console.log(`Hints for phase ${phase.number} start again from the first.`);
    return 0;
  }
  if (args.flags.has('all')) {
    for (const index of hints.keys()) printHint(phase, hints, index);
    state[key] = hints.length;
    writeState('hints', state);
    return 0;
  }
  const [, wanted] = args.positionals;
  if (wanted !== undefined) {
    const index = Number(wanted) - 1;
    if (!Number.isInteger(index) || index < 0 || index >= hints.length) {
      throw new UsageError(`Phase ${phase.number} has hints 1 to ${hints.length}, got ${wanted}.`);
    }
    printHint(phase, hints, index);
    state[key] = Math.max(state[key] ?? 0, index + 1);
    writeState('hints', state);
    return 0;
  }
  showNextHint(phase);
  return 0;
}

/** Prints the next hint of `phase` not shown yet, and remembers it was shown. */
export function showNextHint(phase: Phase, again = `run npm run hint ${phase.number} again`): void {
  const hints = readHints(phase);
  const state = readState<Record<string, number>>('hints') as Record<string, number>;
  const key = String(phase.number);
  const seen = Math.min(state[key] ?? 0, hints.length);
  if (seen === hints.length) {
    console.log(`You have seen all ${hints.length} hints for phase ${phase.number}.`);
    console.log(
      dim(`See them again with npm run hint ${phase.number} -- --all, or start over with npm run hint ${phase.number} -- --reset.`),
    );
    return;
  }
  printHint(phase, hints, seen);
  state[key] = seen + 1;
  writeState('hints', state);
  const left = hints.length - seen - 1;
  console.log(dim(left > 0 ? `${left} more: ${again} for the next.` : 'That was the last hint.'));
}

function printHint(phase: Phase, hints: readonly Hint[], index: number): void {
  const hint = hints[index] as Hint;
  console.log(`${bold(`Phase ${phase.number} · hint ${index + 1} of ${hints.length}`)} · ${cyan(hint.title)}`);
  console.log(`${hint.body}\n`);
}

function hintPhase(positionals: readonly string[]): Phase {
  const [raw] = positionals;
  const phase = raw !== undefined && /^\d+$/.test(raw) ? findPhase(Number(raw)) : undefined;
  if (phase && existsSync(hintsFile(phase))) return phase;
  const available = PHASES.filter((p) => existsSync(hintsFile(p))).map((p) => p.number);
  if (raw === undefined) throw new UsageError(`Which phase? For example: npm run hint 1. Phases with hints: ${available.join(', ')}.`);
  throw new UsageError(`There are no hints for phase ${raw}. Phases with hints: ${available.join(', ')}.`);
}

function hintsFile(phase: Phase): string {
  return join(KATA_ROOT, 'harness', 'hints', `${phase.folder}.md`);
}

/** Hints are `## Title` sections of the phase's hints file, in order. */
export function readHints(phase: Phase): Hint[] {
  const sections = readFileSync(hintsFile(phase), 'utf8').split(/^## /m).slice(1);
  return sections.map((section) => {
    const [title = '', ...body] = section.split('\n');
    return { title: title.trim(), body: body.join('\n').trim() };
  });
}
