/**
 * The kata protects itself (issue 16): its own files are checked against kata-manifest.json
 * before every command that runs tests or grades, and a tree other than the learner's own
 * `phases/` runs in the sandbox wherever it runs, so a report's replay command cannot rewrite
 * the kata's tests. Everything that could change a file runs in a copy of the kata in a temp
 * folder (its node_modules a link to this one's), never in the kata itself.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COVERED_FILES,
  COVERED_FOLDERS,
  checkKata,
  isIntact,
  type KataCheck,
  MANIFEST_FILE,
  refusalMessage,
  writeManifest,
} from '../../harness/integrity/manifest.ts';
import { replayCommand } from '../../harness/locate/replay.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { findPhase, type Phase } from '../../harness/phases.ts';
import { loadFixture, materialize } from '../../harness/selftest/fixtures.ts';
import { resolveTarget } from '../../harness/target.ts';
import { type CliResult, cliCommand, outsideEnv, spawnCollecting } from './support.ts';

const scratch = mkdtempSync(join(tmpdir(), 'kata-integrity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

/** A copy of the kata (what the manifest covers, phases/, a manifest of the copy), sharing this one's node_modules. */
function copyKata(name: string): string {
  const root = join(scratch, name);
  for (const entry of [...COVERED_FOLDERS, ...COVERED_FILES, 'phases']) {
    cpSync(join(KATA_ROOT, entry), join(root, entry), { recursive: true, filter: (path) => !/[/\\](node_modules|\.kata)$/.test(path) });
  }
  symlinkSync(join(KATA_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeManifest(root);
  return root;
}

/** Runs `node <script> args` in `cwd` (a copy of the kata), as npm run would from there. */
function run(cwd: string, args: readonly string[]): Promise<CliResult> {
  return spawnCollecting(args, cwd, { ...outsideEnv(), INIT_CWD: cwd, NO_COLOR: '1', KATA_STATE_DIR: join(cwd, '.kata-state') });
}

const cliIn = (cwd: string, args: readonly string[]) => run(cwd, cliCommand(args));

describe("the kata's manifest", () => {
  it('matches the kata as it is', () => {
    const check = checkKata();
    expect(
      isIntact(check),
      `${refusalMessage(check)}\n\nDid you change tests/, harness/, solutions/ or the configuration on purpose? Then run npm run manifest and commit ${MANIFEST_FILE} with them.`,
    ).toBe(true);
    expect(check.files).toBeGreaterThan(300);
  });

  it('names the first few files of each kind, how many in all, what it means and the fix', () => {
    const many = Array.from({ length: 56 }, (_, i) => `tests/phase-${1 + (i % 4)}/file-${i}.test.ts`);
    const check: KataCheck = { changed: many, appeared: ['tests/phase-1/l1-planted.test.ts'], disappeared: [], files: 340, ms: 1 };
    const message = refusalMessage(check);
    expect(message).toContain(`Refusing to run: 57 of the kata's own files differ from ${MANIFEST_FILE}.`);
    expect(message).toContain(`changed (56): ${many.slice(0, 5).join(', ')}  … and 51 more`);
    expect(message).toContain('appeared (1): tests/phase-1/l1-planted.test.ts');
    expect(message).toContain('git checkout -- tests');
    expect(message).toContain('git clean -f -- tests harness solutions');
    expect(message).toContain('npm run manifest');
    const missing = refusalMessage({ changed: [], appeared: [], disappeared: [], problem: `${MANIFEST_FILE} is missing`, files: 1, ms: 1 });
    expect(missing).toMatch(/kata-manifest\.json is missing[\s\S]*fresh clone[\s\S]*npm run manifest/);
  });

  it('makes phase, progress, grade, bench and npm test refuse a changed, a planted and a deleted file, or no manifest, with the fix; npm run manifest accepts them', async () => {
    const kata = copyKata('changed');
    writeFileSync(join(kata, 'tests/phase-1/l1-members.test.ts'), '\n// edited\n', { flag: 'a' });
    writeFileSync(join(kata, 'tests/phase-1/l1-planted.test.ts'), "import { it } from 'vitest';\nit('passes', () => {});\n");
    rmSync(join(kata, 'harness/hints/01-basic-buffer.md'));
    const unlisted = copyKata('no-manifest');
    rmSync(join(unlisted, MANIFEST_FILE));
    const [missing, ...runs] = await Promise.all([
      cliIn(unlisted, ['phase', '1', '--solution']),
      cliIn(kata, ['phase', '1']),
      cliIn(kata, ['progress', '--solution']),
      cliIn(kata, ['grade', '--solution', '--phase', '1', '--skip-performance']),
      cliIn(kata, ['bench', '--quick']),
      run(kata, [process.execPath, tsx, 'harness/selftest/main.ts']),
    ]);
    expect(missing?.code).toBe(1);
    expect(missing?.stderr).toContain(`Refusing to run: ${MANIFEST_FILE} is missing`);
    for (const result of runs) {
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout, 'nothing ran').not.toMatch(/Phase 1 ·|Grading|── types/);
      expect(result.stderr).toContain(`Refusing to run: 3 of the kata's own files differ from ${MANIFEST_FILE}.`);
      expect(result.stderr).toContain('changed (1): tests/phase-1/l1-members.test.ts');
      expect(result.stderr).toContain('appeared (1): tests/phase-1/l1-planted.test.ts');
      expect(result.stderr).toContain('disappeared (1): harness/hints/01-basic-buffer.md');
      expect(result.stderr).toContain('git checkout -- harness tests');
      expect(result.stderr).toContain('npm run manifest');
    }

    const written = await run(kata, [process.execPath, tsx, 'harness/selftest/write-manifest.ts']);
    expect(written.stdout).toMatch(/Wrote kata-manifest\.json: \d+ files \(3 differed from the last one\)/);
    expect(isIntact(checkKata(kata))).toBe(true);
  });
});

describe('a tree that rewrites the kata’s tests when imported (issue 16)', () => {
  it('rewrites them when run unconfined, so the threat is real', async () => {
    const tree = materialize(await loadFixture('hostile', 'rewrite-tests'));
    const decoy = join(scratch, 'decoy');
    try {
      mkdirSync(join(decoy, 'tests', 'phase-1'), { recursive: true });
      writeFileSync(join(decoy, 'tests/phase-1/l1-x.test.ts'), '// the real test\n');
      const imported = await run(decoy, [process.execPath, tsx, join(tree.root, '01-basic-buffer/bounded-buffer.ts')]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(readFileSync(join(decoy, 'tests/phase-1/l1-x.test.ts'), 'utf8')).toContain("it('passes'");
    } finally {
      tree.dispose();
    }
  });

  it('changes nothing of the kata when run by the replay command a report prints or by bench --impl, and says the write was refused; ui refuses --impl', async () => {
    const kata = copyKata('replay');
    const tree = materialize(await loadFixture('hostile', 'rewrite-tests'));
    try {
      const phase = findPhase(1) as Phase;
      // `npm run phase 1 -- --impl <tree> --seed 7`, as a report prints it (harness/locate/replay.ts).
      const replay = replayCommand(phase, resolveTarget({ impl: tree.root }, kata), 7);
      expect(replay).toBe(`npm run phase 1 -- --impl ${tree.root} --seed 7`);
      const [replayed, ui] = await Promise.all([
        cliIn(
          kata,
          ['phase', ...replay.replace(/^npm run phase /, '').split(' ')].filter((arg) => arg !== '--'),
        ),
        cliIn(kata, ['ui', '1', '--impl', tree.root, '--no-open']),
      ]);
      const bench = await cliIn(kata, [
        'bench',
        '--impl',
        tree.root,
        '--quick',
        '--rounds',
        '1',
        '--only',
        'blocking@1x1-c16',
        '--out',
        join(kata, 'bench-out'),
      ]);
      expect(bench.code, bench.stderr).toBe(0);
      expect(bench.stdout, 'bench measures the tree in the sandbox too').toContain('Access to this API has been restricted');

      const check = checkKata(kata);
      expect(isIntact(check), refusalMessage(check)).toBe(true);
      expect(existsSync(join(tree.root, 'tests')), 'nothing written into the tree either').toBe(false);
      expect(replayed.code, replayed.stderr).toBe(1);
      expect(replayed.stdout).toContain('could not be loaded, so none of their tests ran');
      expect(replayed.stdout).toContain('Access to this API has been restricted');
      expect(replayed.stdout).toContain('reached for a file outside its sandbox, and was refused');
      expect(replayed.stdout).toMatch(/0 of \d+ tests of phase 1 pass/);
      expect(replayed.stdout, 'paths name the tree, not its sandboxed copy').not.toContain('kata-grade-');

      expect(ui.code).toBe(1);
      expect(ui.stderr).toContain('npm run ui runs only your own phases/ (or --solution)');
      expect(ui.stderr).toContain(`npm run phase <N> -- --impl ${tree.root}`);
    } finally {
      tree.dispose();
    }
  });
});
