/**
 * `npm test`: the kata's own checks, in order: types, lint and format, then the self-test
 * suites (the reference passes everything, the stubs fail cleanly, every known-buggy tree
 * is caught, the CLI behaves). It ends with the bug → catching test table and one line,
 * "N passed, N failed", counting every check. Before all that it checks the kata's own files
 * against kata-manifest.json, and refuses (exit 1) when they differ: a forgotten
 * `npm run manifest` fails here, in CI, and not on a learner's first run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkKata, isIntact, refusalMessage } from '../integrity/manifest.ts';
import { KATA_ROOT } from '../paths.ts';

const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'kata-selftest-'));
const tablePath = join(scratch, 'table.jsonl');
const schedulesPath = join(scratch, 'schedules.jsonl');
const vitestReport = join(scratch, 'vitest.json');

interface Step {
  readonly name: string;
  readonly command: string[];
}

const steps: Step[] = [
  { name: 'types (tsc)', command: [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', KATA_ROOT] },
  {
    name: 'lint and format (biome)',
    command: [join(KATA_ROOT, 'node_modules/@biomejs/biome/bin/biome'), 'ci', ...(process.stdout.isTTY ? [] : ['--colors=off']), '.'],
  },
  {
    name: 'self-test suites (vitest)',
    command: [
      join(KATA_ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'harness/selftest/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ],
  },
];

const kata = checkKata();
if (!isIntact(kata)) {
  console.error(refusalMessage(kata));
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}
console.log(`The kata's ${kata.files} files match kata-manifest.json (checked in ${Math.round(kata.ms)} ms).`);

let passed = 0;
let failed = 0;
const started = Date.now();
warnIfStubsChanged();
for (const step of steps) {
  console.log(`\n── ${step.name} ${'─'.repeat(Math.max(0, 60 - step.name.length))}`);
  const result = spawnSync(process.execPath, step.command, {
    cwd: KATA_ROOT,
    stdio: 'inherit',
    env: { ...process.env, KATA_SELFTEST_TABLE: tablePath, KATA_SELFTEST_SCHEDULES: schedulesPath },
  });
  if (step.command[0]?.endsWith('vitest.mjs') && existsSync(vitestReport)) {
    const report = JSON.parse(readFileSync(vitestReport, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests + (result.status === 0 || report.numFailedTests > 0 ? 0 : 1);
  } else if (result.status === 0) {
    passed++;
  } else {
    failed++;
    console.log(`✗ ${step.name} failed (exit code ${result.status ?? result.signal})`);
  }
}

printBugTable();
printScheduleTable();
rmSync(scratch, { recursive: true, force: true });
console.log(`\nkata self-test finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;

function printBugTable(): void {
  if (!existsSync(tablePath)) return;
  const rows = readFileSync(tablePath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { slug: string; bug: string; tests: string[]; failed: number })
    .sort((a, b) => a.slug.localeCompare(b.slug));
  console.log('\n── known bugs and the tests named to catch them ─────────────────');
  for (const row of rows) {
    console.log(`✓ ${row.slug}: ${row.bug}`);
    for (const test of row.tests) console.log(`    caught by: ${test}`);
    console.log(`    (${row.failed} failing test${row.failed === 1 ? '' : 's'} in all)`);
  }
}

function printScheduleTable(): void {
  if (!existsSync(schedulesPath)) return;
  const rows = readFileSync(schedulesPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { slug: string; l4: string; l5: string })
    .sort((a, b) => a.slug.localeCompare(b.slug));
  console.log('\n── what L5 (adversarial schedules) catches beside L4 (stress), seed 4242 ──');
  for (const row of rows) console.log(`${row.slug.padEnd(28)} L4 ${row.l4.padEnd(7)} L5 ${row.l5}`);
}

/** The checks expect pristine stubs: say so up front when phases/ holds a learner's work. */
function warnIfStubsChanged(): void {
  const status = spawnSync('git', ['status', '--porcelain', '--', 'phases'], { cwd: KATA_ROOT, encoding: 'utf8' });
  if (status.status !== 0 || status.stdout.trim() === '') return;
  console.log("Note: phases/ has changes of yours. These are the kata's own checks, and they expect the");
  console.log('stubs untouched, so the type check and the stub checks will fail. Your phases are checked');
  console.log('by npm run phase <N>; to run these, stash your work (git stash) or use a fresh clone.');
}
