/** Helpers for the self-tests: run the real CLI, and record rows for the bug table. */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScale } from '../../harness/engine/load.ts';
import { KATA_ROOT } from '../../harness/paths.ts';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');

/** The self-tests keep their hint and progress state apart from the learner's `.kata/`. */
const isolatedState = mkdtempSync(join(tmpdir(), 'kata-state-'));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** This process's environment without the enclosing Vitest's variables. */
export function outsideEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
}

/** The command line that runs the CLI with `args`. */
export function cliCommand(args: readonly string[]): string[] {
  return [process.execPath, tsx, 'harness/cli/main.ts', ...args];
}

/** Runs `harness/cli/main.ts` with `args` as `npm run` would, from `cwd` as the user's folder. */
export function cli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const started = Date.now();
  const [command, ...rest] = cliCommand(args);
  const result = spawnSync(command as string, rest, {
    cwd: KATA_ROOT,
    encoding: 'utf8',
    env: { ...outsideEnv(), INIT_CWD: options.cwd ?? KATA_ROOT, NO_COLOR: '1', KATA_STATE_DIR: isolatedState, ...options.env },
    timeout: Math.round(170_000 * loadScale()),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** As `cli`, without blocking: several runs at once. */
export function cliAsync(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const env = { ...outsideEnv(), INIT_CWD: options.cwd ?? KATA_ROOT, NO_COLOR: '1', KATA_STATE_DIR: isolatedState, ...options.env };
  return spawnCollecting(cliCommand(args), KATA_ROOT, env);
}

/** Runs `command` in `cwd` with exactly `env`, collecting what it prints, without blocking. */
export function spawnCollecting(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  const started = Date.now();
  const [file, ...rest] = command;
  return new Promise((resolve) => {
    const child = spawn(file as string, rest, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The words a POSIX shell makes of `command`, split by /bin/sh itself: what a person who pastes it runs. */
export function shellWords(command: string): string[] {
  const split = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  if (split.status !== 0) throw new Error(`/bin/sh could not read ${command}: ${split.stderr}`);
  return split.stdout.split('\0').slice(0, -1);
}

/** The printed replay command of a phase run's first failure, as the words a shell passes to `npm run phase`, after `--`. */
export function printedReplay(stdout: string, phase: number): string[] | undefined {
  const line = /^ {2}Replay {2}(.+)$/m.exec(stdout)?.[1];
  if (line === undefined) return undefined;
  const words = shellWords(line);
  const head = ['npm', 'run', 'phase', String(phase), '--'];
  if (words.slice(0, head.length).join(' ') !== head.join(' ')) throw new Error(`not a replay of phase ${phase}: ${line}`);
  return words.slice(head.length);
}

/** Where catching tests are recorded for the bug → test table that `npm test` prints. */
export function recordCatch(row: { slug: string; bug: string; tests: string[]; failed: number }): void {
  const file = process.env.KATA_SELFTEST_TABLE;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** Where L5 verdicts are recorded for the L4-versus-L5 table that `npm test` prints. */
export function recordSchedule(row: { slug: string; l4: 'caught' | 'missed'; l5: string }): void {
  const file = process.env.KATA_SELFTEST_SCHEDULES;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}
