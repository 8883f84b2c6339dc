/**
 * One command per failure: the replay a failure prints runs that test alone, on the same
 * tree with the same seed, and it fails the same way. Checked on two known-buggy trees, a
 * plain one (phase 1, L2) and a seeded schedule (phase 2, L5), each run limited to the level
 * that catches its bug to keep npm test short; the names' quoting is checked through /bin/sh
 * below, and every buggy tree's grade evidence carries its own command (corpus.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { replayCommand, shellQuote } from '../../harness/locate/replay.ts';
import { findPhase, type Phase } from '../../harness/phases.ts';
import { exactNamePattern } from '../../harness/runner/run-suites.ts';
import { loadFixture, materialize } from '../../harness/selftest/fixtures.ts';
import { resolveTarget } from '../../harness/target.ts';
import { cliAsync, printedReplay, shellWords } from './support.ts';

const CASES = [
  { slug: 'p1-wrap-overflow', phase: 1, level: 2 },
  { slug: 'p2-if-not-while', phase: 2, level: 5 },
] as const;

const NASTY = `L1 sequential > it's "quoted" > (a) 100% $HOME \`id\` $(id) > c; d & e | f \\ g * ? [x] ~ ! # {1,2} \n next line`;

/** The ladder's lines: one per level that ran, with passed/total. */
const ladder = (stdout: string) => stdout.split('\n').filter((line) => /^ {2}\S L\d .* \d+\/\d+/.test(line));

/** The failing test's name and the first line of its message, under "First failure". */
function failureHead(stdout: string): string[] {
  const lines = stdout.slice(stdout.indexOf('First failure')).split('\n');
  return lines.slice(0, 3);
}

describe('the replay command of a failure', () => {
  it('quotes every word for a POSIX shell, so that the shell hands back exactly the words it was given', () => {
    const phase = findPhase(1) as Phase;
    const target = { ...resolveTarget({ solution: true }), flags: ['--impl', "/tmp/it's here/$x"] };
    const command = replayCommand(phase, target, 42, { level: 1, test: NASTY });
    expect(shellWords(command)).toEqual([
      'npm',
      'run',
      'phase',
      '1',
      '--',
      '--impl',
      "/tmp/it's here/$x",
      '--level',
      '1',
      '--seed',
      '42',
      '--test',
      NASTY,
    ]);
    expect(shellQuote("policy 'drop-oldest'")).toBe(`'policy '\\''drop-oldest'\\'''`);
    expect(shellQuote('/tmp/tree')).toBe('/tmp/tree');
  });

  it("turns a full name into a pattern that matches Vitest's name of that test (parts joined by spaces) and nothing longer", () => {
    const pattern = new RegExp(exactNamePattern(NASTY));
    const parts = NASTY.split(' > ');
    expect(pattern.test(parts.join(' '))).toBe(true);
    expect(pattern.test(`${parts.join(' ')} 2`)).toBe(false);
    expect(pattern.test(`x ${parts.join(' ')}`)).toBe(false);
    // A ' > ' inside one name: Vitest joins it with the others by a space, and the pattern still matches.
    expect(new RegExp(exactNamePattern('L1 sequential > a > b > c')).test('L1 sequential a > b c')).toBe(true);
  });

  it('runs that failing test alone and it fails with the same message, on one buggy tree per phase; a name that matches nothing is refused', async () => {
    const started = Date.now();
    const unknown = cliAsync([
      'phase',
      '1',
      '--solution',
      '--level',
      '1',
      '--test',
      'BoundedBuffer.offer() › holds exactly capacity items',
    ]);
    const runs = await Promise.all(
      CASES.map(async ({ slug, phase, level }) => {
        const tree = materialize(await loadFixture('buggy', slug));
        try {
          const first = await cliAsync(['phase', String(phase), '--impl', tree.root, '--level', String(level), '--seed', '4242']);
          expect(first.code, first.stdout + first.stderr).toBe(1);
          const replay = printedReplay(first.stdout, phase);
          expect(replay, `${slug}: the report printed no replay\n${first.stdout}`).toBeDefined();
          expect(replay?.slice(0, 6)).toEqual(['--impl', tree.root, '--level', String(level), '--seed', '4242']);
          expect(replay?.[6]).toBe('--test');
          const again = await cliAsync(['phase', String(phase), ...(replay ?? [])]);
          expect(again.code, again.stdout + again.stderr).toBe(1);
          expect(ladder(again.stdout), `${slug}: exactly one test ran, and it failed`).toEqual([
            expect.stringMatching(new RegExp(`^ {2}✗ L${level} .* 0/1$`)),
          ]);
          expect(failureHead(again.stdout), slug).toEqual(failureHead(first.stdout));
          expect(failureHead(again.stdout)[1]).toBe(`  ${(replay?.[7] ?? '').split(' > ').slice(1).join(' › ')}`);
          return { slug, first: first.ms, again: again.ms };
        } finally {
          tree.dispose();
        }
      }),
    );
    const refused = await unknown;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("No test of level 1 of phase 1 is named 'BoundedBuffer.offer() › holds exactly capacity items'.");
    expect(refused.stderr).toContain(
      "Did you mean:\n  --test 'L1 sequential > BoundedBuffer.offer() > holds exactly capacity items, not capacity + 1'",
    );
    console.log(
      `replays checked in ${Date.now() - started} ms: ${runs.map((run) => `${run.slug} ${run.first} + ${run.again} ms`).join(', ')}`,
    );
  }, 180_000);
});
