import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KATA_ROOT } from '../../harness/paths.ts';
import { cli, cliCommand, outsideEnv } from './support.ts';

const scratch = mkdtempSync(join(tmpdir(), 'kata-loop-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Resolves once `pattern` has appeared in the text collected so far, or fails after `ms`. */
function appears(output: () => string, pattern: RegExp, ms = 60_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(output())) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`never saw ${pattern} in:\n${output()}`));
      setTimeout(check, 100);
    };
    check();
  });
}

describe('npm run phase -- --watch', () => {
  it('runs again after a save, survives a syntax error, shows a hint on h and quits on q', async () => {
    const tree = join(scratch, 'watched');
    cpSync(join(KATA_ROOT, 'phases'), tree, { recursive: true });
    const [command, ...args] = cliCommand(['phase', '1', '--impl', tree, '--watch']);
    const child = spawn(command as string, args, {
      cwd: KATA_ROOT,
      env: { ...outsideEnv(), NO_COLOR: '1', KATA_STATE_DIR: join(scratch, 'watch-state') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await appears(() => output, /0 of \d+ tests of phase 1 pass[\s\S]*Watching/);
      const stub = join(tree, '01-basic-buffer', 'bounded-buffer.ts');
      writeFileSync(stub, readFileSync(join(KATA_ROOT, 'solutions', '01-basic-buffer', 'bounded-buffer.ts')));
      await appears(() => output, /Ran again after a change[\s\S]*All \d+ tests of phase 1 pass/);
      writeFileSync(stub, 'export class BoundedBuffer {\n  broken(\n}\n');
      await appears(() => output, /could not be loaded[\s\S]*Watching/);
      child.stdin.write('h');
      await appears(() => output, /Phase 1 · hint 1 of \d+/);
      child.stdin.write('q');
      expect(await exited, 'exit code after q').toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('npm run phase (no number)', () => {
  it('continues at the first phase that is not passing yet on that tree, and says so', () => {
    const tree = join(scratch, 'reference');
    cpSync(join(KATA_ROOT, 'solutions'), tree, { recursive: true });
    const env = { KATA_STATE_DIR: join(scratch, 'continue-state') };
    const first = cli(['phase', '--impl', tree, '--level', '1'], { env });
    expect(first.stdout).toContain('No phase given: continuing with phase 1 (the first phase not passing yet)');
    expect(cli(['phase', '1', '--impl', tree], { env }).code).toBe(0);
    const next = cli(['phase', '--impl', tree, '--level', '1'], { env });
    expect(next.stdout).toContain('continuing with phase 2 (phase 1 passed when last run)');
    expect(next.code).toBe(0);
  });
});

describe('npm run reset', () => {
  it("puts the stubs back after --yes and keeps the learner's files in the backup folder it names", () => {
    const clone = join(scratch, 'clone');
    execFileSync('git', ['clone', '--quiet', KATA_ROOT, clone]);
    symlinkSync(join(KATA_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const stub = join(clone, 'phases', '01-basic-buffer', 'bounded-buffer.ts');
    const pristine = readFileSync(stub, 'utf8');
    writeFileSync(stub, '// my work in progress\n');
    const state = join(scratch, 'reset-state');
    mkdirSync(state);
    const [command, ...args] = cliCommand(['reset', '1', '--yes']);
    const output = execFileSync(command as string, args, {
      cwd: clone,
      env: { ...outsideEnv(), NO_COLOR: '1', KATA_STATE_DIR: state },
      encoding: 'utf8',
    });
    expect(output).toContain('phases/01-basic-buffer/ has its stubs back');
    expect(readFileSync(stub, 'utf8'), 'the stub after reset').toBe(pristine);
    const [backup] = readdirSync(join(state, 'backups'));
    expect(output).toContain(backup);
    expect(readFileSync(join(state, 'backups', backup as string, 'bounded-buffer.ts'), 'utf8'), 'the backup').toBe(
      '// my work in progress\n',
    );
  });

  it('changes nothing unless the learner confirms', () => {
    const run = cli(['reset', '1'], { env: { KATA_STATE_DIR: join(scratch, 'refused') } });
    expect(run.stdout).toContain('Nothing changed.');
    expect(run.code).toBe(1);
  });
});
