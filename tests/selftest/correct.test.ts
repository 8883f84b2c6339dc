/**
 * The correct corpus (`tests/fixtures/correct/`): correct implementations written in styles of
 * their own. The kata must never judge correct code wrong, so each variant's tree (the
 * reference with the variant's files in place) must pass every test of every level of its
 * phase in `npm run grade` (the same ladder `npm run phase` runs, with the same import rule,
 * in the sandbox), which then gives that phase its full correctness points.
 *
 * A failure here is either a bug in the variant or a false verdict of the kata. The message
 * names the variant, what is different about it, and every failing test with its message and
 * replay command, so that a maintainer can read the variant against the contract and tell which.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { GradeReport } from '../../harness/grade/report-types.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { loadVariants, materializeVariant, type Variant } from '../../harness/selftest/variants.ts';
import { fail } from '../../harness/testing/failures.ts';
import { type CliResult, cliCommand, outsideEnv } from './support.ts';

/** One seed for every run, so a failure replays; set KATA_VARIANT_SEED to explore others. */
const SEED = process.env.KATA_VARIANT_SEED ?? '4242';

const variants = await loadVariants();
const cases = variants.flatMap((variant) => variant.phases.map((phase) => [variant.slug, phase, variant] as const));
const scratch = mkdtempSync(join(tmpdir(), 'kata-correct-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the CLI as `npm run` would, without blocking. */
function cli(args: readonly string[]): Promise<CliResult> {
  const started = Date.now();
  const [command, ...rest] = cliCommand(args);
  const env = { ...outsideEnv(), INIT_CWD: KATA_ROOT, NO_COLOR: '1', KATA_STATE_DIR: join(scratch, 'state') };
  const child = spawn(command as string, rest, { cwd: KATA_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 280_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('the correct corpus', () => {
  it.each(cases)(
    '%s passes every test of phase %i and gets its full correctness points',
    async (_slug, phase, variant) => {
      const tree = materializeVariant(variant);
      try {
        // The grade runs every level of the phase's ladder, in the sandbox, with the seed that
        // `npm run phase` would use: full correctness points mean every test passed there.
        const graded = await gradeProblems(variant, phase, tree.root);
        const problems = graded.map((text) => text.split(tree.root).join('<tree>'));
        if (problems.length > 0) fail(explain(variant, phase, problems));
      } finally {
        tree.dispose();
      }
    },
    300_000,
  );
});

/** Every test that cost points in the grade of `phase`, with its kind, its message and the command that replays it. */
async function gradeProblems(variant: Variant, phase: number, root: string): Promise<string[]> {
  const out = join(scratch, `${variant.slug}-phase-${phase}`);
  const run = await cli([
    'grade',
    '--impl',
    root,
    '--name',
    variant.slug,
    '--phase',
    String(phase),
    '--skip-performance',
    '--skip-type-check',
    '--seed',
    SEED,
    '--out',
    out,
  ]);
  if (run.code !== 0) return [`npm run grade exited with ${run.code}:\n${indent(run.stderr.trim().split('\n').slice(-15).join('\n'))}`];
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as GradeReport;
  const graded = report.phases.find((candidate) => candidate.phase === phase);
  if (!graded) return [`the grade's report has no phase ${phase}`];
  if (graded.points === graded.max && graded.failures.length === 0 && graded.problems.length === 0) return [];
  return [
    `npm run grade gave phase ${phase} ${graded.points} of ${graded.max} points (${graded.tests.passed} passed, ${graded.tests.failed} failed, ${graded.tests.timedOut} timed out, ${graded.tests.skipped} not run):`,
    ...graded.problems.map((problem) => indent(`problem: ${problem}`)),
    ...graded.failures.map((failure) =>
      indent(
        [
          `✗ ${failure.test}  [${failure.kind}${failure.location ? `, ${failure.location}` : ''}]`,
          indent(failure.message.split('\n').slice(0, 40).join('\n')),
          failure.replay ? `  replay: ${failure.replay}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      ),
    ),
  ];
}

function explain(variant: Variant, phase: number, problems: readonly string[]): string {
  return [
    `The correct variant ${variant.slug} failed in phase ${phase} (seed ${SEED}).`,
    `  Its style: ${variant.style}`,
    `  Its tree: the reference with ${variant.files.join(', ')} from tests/fixtures/correct/${variant.slug}/`,
    '  Either the variant has a bug (fix the variant) or the kata judged correct code wrong (fix the test or the harness).',
    '  Read the variant against the contract (docs/contract.md) before deciding which.',
    `  <tree> below is that tree; to rebuild it: rm -rf /tmp/v && cp -r solutions /tmp/v && cp -r tests/fixtures/correct/${variant.slug}/0* /tmp/v/`,
    `  then, for example: npm run phase ${phase} -- --impl /tmp/v --seed ${SEED}`,
    '',
    ...problems,
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
