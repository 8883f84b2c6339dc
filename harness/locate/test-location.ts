/**
 * Where a test lives: its file and the line of its title, for the `Test` line of a failure
 * and the `location` of a lost point in the grade report. A test written once and run by
 * several phases (a shared suite such as tests/phase-3/lifecycle-l2.ts) is found in the
 * module its test file imports it from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { TestOutcome } from '../runner/run-suites.ts';

/** How far to follow the test file's relative imports: the suite module, and the modules it imports. */
const DEPTH = 2;

/** The test's own source line (`tests/phase-1/l2-one-to-one.test.ts:37`), found by the words of its title before any number. */
export function testLocation(outcome: TestOutcome, kataRoot: string): string {
  const title = outcome.test.split(' > ').at(-1) ?? '';
  const words = title.split(/[\s(]\d|%|\$/)[0]?.trim() ?? '';
  if (words.length < 8) return outcome.file;
  const seen = new Set<string>();
  let files = [join(kataRoot, outcome.file)];
  for (let depth = 0; depth <= DEPTH && files.length > 0; depth++) {
    const next: string[] = [];
    for (const file of files) {
      if (seen.has(file) || !existsSync(file)) continue;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      const index = source.split('\n').findIndex((line) => line.includes(words));
      if (index !== -1) return `${relative(kataRoot, file).split('\\').join('/')}:${index + 1}`;
      next.push(...relativeImports(file, source));
    }
    files = next;
  }
  return outcome.file;
}

function relativeImports(file: string, source: string): string[] {
  return [...source.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)].map((match) => join(dirname(file), match[1] as string));
}
