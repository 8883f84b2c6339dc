/**
 * One Vitest run in a child process, watched from outside. A synchronous infinite loop in
 * the code under test freezes the worker's event loop, so no timer inside it can fire; this
 * watcher reads the events file as it grows and kills the whole process group when a worker
 * running a test has not beaten (see setup.ts) for `hangMs`: its event loop is frozen. A
 * test that takes long on a busy machine but keeps its loop turning is not a hang. It also
 * stops the run when nothing has happened for `idleLimit` while no test runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { type SandboxSettings, sandboxEnv } from '../sandbox/child-env.ts';
import { startWatched } from '../sandbox/watched-process.ts';
import { TARGET_ENV } from '../target.ts';
import { EVENTS_ENV, type KataEvent, SEED_ENV, SKIP_ENV } from './events.ts';

export interface ChildRunOptions {
  readonly targetRoot: string;
  readonly testDirs: readonly string[];
  readonly seed: number;
  readonly skip: readonly string[];
  readonly namePattern?: string;
  readonly hangMs: number;
  readonly deadline: number;
  readonly onEvent: (event: KataEvent) => void;
  /** For graded runs: the candidate's copy, the Node flags of its workers and the folder they may write to. */
  readonly sandbox?: SandboxSettings;
}

export interface ChildRunEnd {
  /** Why the run ended: it finished, a test hung, nothing happened for too long, or the time limit passed. */
  readonly reason: 'finished' | 'hang' | 'idle' | 'time-limit' | 'crash';
  /** For a hang: the test that was running, as `{ file, test }`. */
  readonly hung?: { file: string; test: string; ms: number };
  /** For a crash: the test whose process died under it (out of memory, a native crash). */
  readonly crashed?: { file: string; test: string };
  readonly exitCode: number | null;
  /** The tail of what Vitest printed, for a crash. */
  readonly output: string;
}

const POLL_MS = 50;

/** How long a run may go without any event while no test runs (starting Vitest takes seconds). */
export function idleLimit(hangMs: number): number {
  return Math.max(2 * hangMs, 20_000);
}
const OUTPUT_KEPT = 20_000;

export function vitestBin(): string {
  const pkg = createRequire(import.meta.url).resolve('vitest/package.json');
  return join(dirname(pkg), 'vitest.mjs');
}

export function runVitestChild(options: ChildRunOptions): Promise<ChildRunEnd> {
  const dir = mkdtempSync(join(options.sandbox?.scratch ?? tmpdir(), 'kata-run-'));
  const eventsPath = join(dir, 'events.jsonl');
  const args = [vitestBin(), 'run', '--config', join(KATA_ROOT, 'vitest.config.ts'), ...options.testDirs];
  if (options.namePattern) args.push('--testNamePattern', options.namePattern);
  // A process group of its own, killed whole on a hang or on Ctrl-C (../sandbox/watched-process.ts).
  const vitest = startWatched({
    args,
    env: {
      [TARGET_ENV]: options.targetRoot,
      [EVENTS_ENV]: eventsPath,
      [SEED_ENV]: String(options.seed),
      [SKIP_ENV]: JSON.stringify(options.skip),
      FORCE_COLOR: '0',
      ...(options.sandbox && sandboxEnv(options.sandbox)),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    what: 'the test run',
    outputKept: OUTPUT_KEPT,
  });

  const running = new Map<number, { file: string; test: string; since: number }>();
  const beats = new Map<number, number>();
  let offset = 0;
  let pending = '';
  let lastActivity = Date.now();
  let sawDone = false;

  const drain = () => {
    let text: string;
    try {
      text = readFileSync(eventsPath, 'utf8');
    } catch {
      return;
    }
    if (text.length <= offset) return;
    pending += text.slice(offset);
    offset = text.length;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      const event = JSON.parse(line) as KataEvent;
      if (event.type === 'beat') {
        beats.set(event.pid, Date.now());
        continue;
      }
      // Beats alone are not progress: a file frozen while it loads still beats.
      lastActivity = Date.now();
      if (event.type === 'start') running.set(event.pid, { file: event.file, test: event.test, since: Date.now() });
      if (event.type === 'end') running.delete(event.pid);
      if (event.type === 'done') sawDone = true;
      options.onEvent(event);
    }
  };

  return new Promise((resolveEnd) => {
    let ending: Omit<ChildRunEnd, 'exitCode' | 'output'> | undefined;
    const timer = setInterval(() => {
      drain();
      if (ending) return;
      const now = Date.now();
      for (const [pid, run] of running) {
        const alive = Math.max(run.since, beats.get(pid) ?? 0);
        if (now - alive > options.hangMs) {
          ending = { reason: 'hang', hung: { file: run.file, test: run.test, ms: now - run.since } };
        }
      }
      if (!ending && running.size === 0 && now - lastActivity > idleLimit(options.hangMs)) ending = { reason: 'idle' };
      if (!ending && now > options.deadline) ending = { reason: 'time-limit' };
      if (ending) vitest.kill();
    }, POLL_MS);

    void vitest.closed.then(({ code: exitCode }) => {
      clearInterval(timer);
      drain();
      rmSync(dir, { recursive: true, force: true });
      // A test that started and never ended, in a run that was not stopped: its process died.
      const [orphan] = running.values();
      if (!ending && orphan) ending = { reason: 'crash', crashed: { file: orphan.file, test: orphan.test } };
      const reason = ending?.reason ?? (sawDone ? 'finished' : 'crash');
      resolveEnd({ ...ending, reason, exitCode, output: vitest.output() });
    });
  });
}

/**
 * Every test of the given folders, by file, as collected against the reference solution:
 * the canonical list, for runs that stopped before the code under test let them be collected.
 */
export async function listTests(testDirs: readonly string[]): Promise<Map<string, string[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'kata-list-'));
  const out = join(dir, 'tests.json');
  const args = [vitestBin(), 'list', `--json=${out}`, '--config', join(KATA_ROOT, 'vitest.config.ts'), ...testDirs];
  await startWatched({ args, env: { [TARGET_ENV]: join(KATA_ROOT, 'solutions') }, stdio: 'ignore', what: 'listing the tests' }).closed;
  const byFile = new Map<string, string[]>();
  try {
    for (const { name, file } of JSON.parse(readFileSync(out, 'utf8')) as { name: string; file: string }[]) {
      const key = relative(KATA_ROOT, file);
      byFile.set(key, [...(byFile.get(key) ?? []), name]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return byFile;
}
