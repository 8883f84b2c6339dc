/**
 * The command that runs a failure again: the same phase, the same tree, the same seed, and
 * (for one failure) its level and its full name, so that it runs alone and every random
 * choice and schedule comes out as before. A test's seed derives from the run's seed and
 * its full name (../testing/seed.ts), so running it alone changes nothing it draws.
 */
import type { Phase } from '../phases.ts';
import type { Target } from '../target.ts';

export interface ReplayScope {
  /** Run only this level. */
  readonly level?: number;
  /** Run only the test of this full name (`L2 one producer, one consumer > BoundedBuffer > …`). */
  readonly test?: string;
}

/** `npm run phase N -- [target flags] [--level L] --seed S [--test '<full name>']`, every word quoted for a POSIX shell. */
export function replayCommand(phase: Phase, target: Target, seed: number, scope: ReplayScope = {}): string {
  const level = scope.level ? ['--level', String(scope.level)] : [];
  const test = scope.test === undefined ? [] : ['--test', scope.test];
  const words = [...target.flags, ...level, '--seed', String(seed), ...test];
  return ['npm run phase', String(phase.number), '--', ...words.map(shellQuote)].join(' ');
}

/**
 * One word for a POSIX shell (sh, bash, zsh): left bare when it holds only characters no
 * shell treats specially, otherwise in single quotes, inside which nothing is special but
 * the quote itself, written `'\''` (close, an escaped quote, open again).
 */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
