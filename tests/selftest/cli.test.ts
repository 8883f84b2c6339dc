import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KATA_ROOT } from '../../harness/paths.ts';
import { loadFixture, materialize } from '../../harness/selftest/fixtures.ts';
import { cli, cliCommand, outsideEnv } from './support.ts';

const scratch = mkdtempSync(join(tmpdir(), 'kata-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run phase', () => {
  it('passes on the reference with --solution and exits 0', () => {
    const run = cli(['phase', '1', '--solution']);
    expect(run.stdout).toMatch(/✓ L1 sequential/);
    expect(run.stdout).toMatch(/All \d+ tests of phase 1 pass/);
    expect(run.code).toBe(0);
  });

  it('fails on the stubs with a ladder, the stub file and line to open, and the hint command', () => {
    const run = cli(['phase', '1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ L1 sequential\s+░+\s+0\/\d+/);
    expect(run.stdout).toContain('NotImplementedError: BoundedBuffer constructor is not implemented yet');
    expect(run.stdout).toMatch(/Open {4}phases\/01-basic-buffer\/bounded-buffer\.ts:\d+ {2}\(the BoundedBuffer constructor\)/);
    expect(run.stdout).toContain('npm run hint 1');
  });

  it('passes on a copy of the reference given with --impl, relative to where it was run or absolute', () => {
    cpSync(join(KATA_ROOT, 'solutions'), join(scratch, 'copy'), { recursive: true });
    const relative = cli(['phase', '1', '--impl', 'copy'], { cwd: scratch });
    expect(relative.stdout).toContain('target copy');
    expect(relative.code).toBe(0);
    expect(cli(['phase', '1', '--impl', join(scratch, 'copy')]).code).toBe(0);
  });

  it('runs only the level asked for with --level', () => {
    const run = cli(['phase', '1', '--solution', '--level', '2']);
    expect(run.stdout).toContain('L2 one producer, one consumer');
    expect(run.stdout).not.toContain('L1 sequential');
    expect(run.code).toBe(0);
  });

  it('prints a replay command for a seeded failure, and the replay fails the same way', async () => {
    const fixture = materialize(await loadFixture('buggy', 'p1-capacity-plus-one'));
    try {
      const first = cli(['phase', '1', '--impl', fixture.root, '--level', '2']);
      const replay = /Replay {2}npm run phase 1 -- --impl (\S+) --level 2 --seed (\d+)/.exec(first.stdout);
      expect(replay, first.stdout).not.toBeNull();
      const again = cli(['phase', '1', '--impl', fixture.root, '--level', '2', '--seed', replay?.[2] ?? '']);
      const failure = (text: string) => text.slice(text.indexOf('First failure'));
      expect(failure(again.stdout)).toBe(failure(first.stdout));
      expect(again.code).toBe(1);
    } finally {
      fixture.dispose();
    }
  });

  it('reports a synchronous infinite loop as a hang in the test that ran it, within the limit', async () => {
    const fixture = materialize(await loadFixture('hostile', 'offer-never-returns'));
    try {
      const run = cli(['phase', '1', '--impl', fixture.root, '--hang-ms', '1500']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('Hang: this test kept the process busy for over 1.5 s');
      expect(run.stdout).toMatch(/First failure · L1 sequential\n {2}BoundedBuffer[. ]\S+ › /);
      expect(run.stdout).toMatch(/3 hung/);
      // Three hangs of 1.5 s, each followed by a fresh Vitest start, and one listing run.
      expect(run.ms).toBeLessThan(45_000);
    } finally {
      fixture.dispose();
    }
  });

  it.each([
    [['reset'], /Which phase\? For example: npm run reset 1/],
    [['phase', '9'], /There is no phase 9/],
    [['phase', '1', '--colour'], /Unknown flag --colour for 'phase'\. It takes: --solution, --impl/],
    [['phase', '1', '--seed', 'abc'], /--seed must be an integer from 0 to 2147483647, got abc/],
    [['phase', '1', '--solution', '--impl', 'x'], /either --solution or --impl/],
    [['phase', '1', '--impl', 'no-such-dir'], /--impl no-such-dir: there is no such folder/],
    [['phase', '1', '--impl', 'package.json'], /is a file; give the folder that holds 01-basic-buffer/],
    [['phase', '1', '--impl', 'harness'], /is not a kata tree: it has none of the phase folders/],
    [['phase', '1', '--impl', '.'], /Did you mean --impl phases\?/],
    [['nonsense'], /Unknown command 'nonsense'/],
  ])('refuses %j with a message that says what to do', (args, message) => {
    const run = cli(args);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(1);
  });
});

describe('npm run progress', () => {
  // One run of the stubs for both (every phase runs; reference.test grades the reference's full marks).
  it('prints one line per phase, with passed/total per level, and names the phase to continue with when one is not passing', () => {
    const run = cli(['progress']);
    expect(run.stdout).toMatch(/Phase 1 {2}Basic ring buffer\s+L1 0\/(\d+) {2}L2 0\/(\d+)/);
    expect(run.stdout).toMatch(/Phase 2 {2}Thread safety\s+L1 0\/\d+/);
    expect(run.stdout).toMatch(/Phase 3 {2}Strategies and shutdown\s+L1 0\/\d+/);
    expect(run.stdout).toMatch(/Phase 4 {2}Backpressure and work stealing\s+L1 0\/\d+/);
    expect(run.stdout).toMatch(/Phase 1 .* ← you are here/);
    expect(run.stdout).toContain('Continue with: npm run phase 1');
    expect(run.code).toBe(1);
  });
});

describe('npm run hint', () => {
  it('reveals one more hint per call, remembers where it was, and shows all with --all', () => {
    const env = { KATA_STATE_DIR: join(scratch, 'state') };
    const first = cli(['hint', '1'], { env });
    expect(first.stdout).toMatch(/Phase 1 · hint 1 of (\d+)/);
    const second = cli(['hint', '1'], { env });
    expect(second.stdout).toMatch(/Phase 1 · hint 2 of \d+/);
    const all = cli(['hint', '1', '--all'], { env });
    const total = Number(/hint 1 of (\d+)/.exec(all.stdout)?.[1]);
    expect(all.stdout.match(/Phase 1 · hint \d+ of/g)?.length).toBe(total);
    expect(cli(['hint', '1'], { env }).stdout).toContain(`You have seen all ${total} hints`);
    expect(cli(['hint', '1', '--reset'], { env }).code).toBe(0);
    expect(cli(['hint', '1'], { env }).stdout).toMatch(/hint 1 of/);
  });

  it('refuses a phase that does not exist', () => {
    const run = cli(['hint', '9']);
    expect(run.stderr).toMatch(/There are no hints for phase 9\. Phases with hints: 1, 2, 3, 4/);
    expect(run.code).toBe(1);
  });
});

describe('npm run ui', () => {
  it("serves the Vitest UI on the learner's tree until stopped", async () => {
    const port = 52_000 + (process.pid % 1000);
    const [command, ...args] = cliCommand(['ui', '--no-open', '--port', String(port)]);
    const child = spawn(command as string, args, {
      cwd: KATA_ROOT,
      detached: true,
      stdio: 'ignore',
      env: { ...outsideEnv(), KATA_STATE_DIR: join(scratch, 'ui-state') },
    });
    try {
      let page = '';
      for (let attempt = 0; attempt < 120 && !page.includes('<title>Vitest'); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        page = await fetch(`http://localhost:${port}/__vitest__/`).then(
          (response) => response.text(),
          () => '',
        );
      }
      expect(page).toContain('<title>Vitest');
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }
  });

  it('refuses a bad target before starting anything', () => {
    writeFileSync(join(scratch, 'file.txt'), 'not a tree');
    const run = cli(['ui', '--impl', join(scratch, 'file.txt')]);
    expect(run.stderr).toMatch(/is a file/);
    expect(run.code).toBe(1);
  });
});
