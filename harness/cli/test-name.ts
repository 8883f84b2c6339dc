/**
 * `npm run phase N -- --test <name>`: one test, named by its full name exactly as the kata
 * prints it (its level, its describe blocks and its own name, joined by ' > '; case and
 * every character count). A name that matches no test is a usage error that names the
 * tests it could have meant.
 */
import { levelOf } from '../levels.ts';
import { shellQuote } from '../locate/replay.ts';
import type { Phase } from '../phases.ts';
import { UsageError } from '../usage-error.ts';

export const TEST_FLAG_HELP =
  "<full name>: run only the test of this full name, exactly as the kata prints it (level, describe blocks and test name joined by ' > '); failures print it in their replay command";

const SUGGESTED = 3;

/** The usage error for a --test that named no test of the phase (at the level given, if one was). */
export function noSuchTest(phase: Phase, name: string, names: readonly string[], level?: number): UsageError {
  if (level !== undefined && names.includes(name)) {
    const its = levelOf(name);
    return new UsageError(`That test is in level ${its} of phase ${phase.number}, not level ${level}: give --level ${its}, or no --level.`);
  }
  const where = level === undefined ? `phase ${phase.number}` : `level ${level} of phase ${phase.number}`;
  const pool = level === undefined ? names : names.filter((each) => levelOf(each) === level);
  const lines = [
    `No test of ${where} is named ${shellQuote(name)}.`,
    "--test takes a test's full name, exactly as the kata prints it: its level, its describe blocks and its own name, joined by ' > '.",
  ];
  const near = closest(name, pool);
  if (near.length > 0)
    lines.push(near.length === 1 ? 'Did you mean:' : 'Closest names:', ...near.map((each) => `  --test ${shellQuote(each)}`));
  return new UsageError(lines.join('\n'));
}

/** Names that contain what was given (as the report's ' › ' or the kata's ' > '), else the ones sharing the most words with it. */
function closest(given: string, names: readonly string[]): string[] {
  const wanted = given.replaceAll(' › ', ' > ').trim().toLowerCase();
  const containing = names.filter((name) => name.toLowerCase().includes(wanted));
  if (containing.length > 0) return containing.slice(0, SUGGESTED);
  const words = new Set(wordsOf(wanted));
  return names
    .map((name) => ({ name, shared: wordsOf(name.toLowerCase()).filter((word) => words.has(word)).length }))
    .filter(({ shared }) => shared > 0)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, SUGGESTED)
    .map(({ name }) => name);
}

function wordsOf(text: string): string[] {
  return [...new Set(text.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 2))];
}
