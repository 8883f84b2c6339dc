/**
 * A Node child process that the harness can always stop: the Vitest run of the phase suites
 * (../runner/child.ts) and the measuring child of `grade` and `bench`
 * (../measure/measuring-child.ts) both run untrusted code in one. The child leads a process
 * group of its own, so that a kill takes every process it started with it (Vitest's workers,
 * whatever the code under test spawned); Ctrl-C or a SIGTERM to the harness kills the group
 * before the harness exits; it starts from this process's environment without what would
 * leak an enclosing run into it. Watching it (a hang, a time limit) is the caller's business:
 * `kill()` is all it needs.
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { KATA_ROOT } from '../paths.ts';

export interface WatchedProcessOptions {
  /** Node's arguments: flags, then the script and its own arguments. */
  readonly args: readonly string[];
  /** Added to the cleaned environment (see `cleanEnv`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Also leave out NODE_OPTIONS and NODE_PATH, for a child that must run with exactly the flags given. @default false */
  readonly isolated?: boolean;
  readonly stdio: StdioOptions;
  /** What Ctrl-C stops, for the message it prints: `the test run`. */
  readonly what: string;
  /** How many characters of what it prints (stdout and stderr, those that are piped) to keep, the last ones. @default 0 */
  readonly outputKept?: number;
}

export interface WatchedProcess {
  readonly child: ChildProcess;
  /** Kills the whole process group at once; nothing happens when it is gone already. */
  kill(): void;
  /** The last `outputKept` characters it printed, and why it could not start, if it could not. */
  output(): string;
  /** Settles once it has exited and its streams have closed; the rest of its group is killed then, and Ctrl-C is the harness's again. */
  readonly closed: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

export function startWatched(options: WatchedProcessOptions): WatchedProcess {
  const child = spawn(process.execPath, [...options.args], {
    cwd: KATA_ROOT,
    detached: true,
    stdio: options.stdio,
    env: { ...cleanEnv(options.isolated ?? false), ...options.env },
  });
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };
  const kept = options.outputKept ?? 0;
  let output = '';
  const keep = (chunk: Buffer | string) => {
    output = (output + chunk.toString()).slice(-kept);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const onSignal = () => {
    kill();
    process.stderr.write(`\nInterrupted: ${options.what} was stopped.\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      output += `\n${error.message}`;
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      kill();
      resolve({ code, signal });
    });
  });
  return { child, kill, output: () => output, closed };
}

/**
 * This process's environment without the variables of an enclosing Vitest or kata run;
 * `isolated` also leaves out NODE_OPTIONS and NODE_PATH (loaders, preloads and module paths
 * of whoever started the harness).
 */
export function cleanEnv(isolated: boolean): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('VITEST') && !name.startsWith('KATA_') && !(isolated && (name === 'NODE_OPTIONS' || name === 'NODE_PATH')),
  );
  return Object.fromEntries(kept);
}
