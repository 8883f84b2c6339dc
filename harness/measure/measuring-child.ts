/**
 * One measuring child, watched from outside (started by ../sandbox/watched-process.ts). The
 * code under test runs in it and may loop forever, exhaust its memory or exit: this side
 * keeps the clock. The first scenario has `shareMs` from the moment it starts, each next one
 * from the moment the previous one ended (time spent between two counts against the next);
 * past that, the whole process group is killed. Whatever ends the child, the scenario it was
 * on gets an error that says why, so every child settles at least one scenario and the
 * caller goes on with the rest in a new one.
 */
import { fileURLToPath } from 'node:url';
import { KATA_ROOT } from '../paths.ts';
import { heapLimitArg } from '../sandbox/node-flags.ts';
import { startWatched } from '../sandbox/watched-process.ts';
import type { ChildMessage, ChildPayload } from './protocol.ts';
import type { Measurement, Outcome } from './results.ts';

export interface ChildOptions {
  readonly payload: ChildPayload;
  readonly shareMs: number;
  readonly memoryLimitMb: number;
  readonly nodeArgs: readonly string[];
}

const BOOTSTRAP = fileURLToPath(new URL('./child/bootstrap.cjs', import.meta.url));
/** Starting Node and reading the payload takes well under a second, even on a busy machine. */
const STARTUP_MS = 5_000;
/** After it said it is done, the child exits at once; this is how long it may take anyway. */
const EXIT_GRACE_MS = 2_000;
const STDERR_KEPT = 8_000;
const LINE_LIMIT = 1_000_000;

/** Runs the payload's scenarios in order in a new child; resolves with an outcome for each one it settled. */
export async function runMeasuringChild({ payload, shareMs, memoryLimitMb, nodeArgs }: ChildOptions): Promise<Map<string, Outcome>> {
  const names = payload.scenarios;
  const outcomes = new Map<string, Outcome>();
  const watched = startWatched({
    args: ['--expose-gc', heapLimitArg(memoryLimitMb), ...nodeArgs, BOOTSTRAP],
    env: { NODE_PATH: `${KATA_ROOT}/node_modules` },
    isolated: true,
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    what: 'the measurement',
    outputKept: STDERR_KEPT,
  });
  const { child } = watched;
  child.stdin?.on('error', () => {});
  child.stdin?.end(JSON.stringify(payload));

  let index = 0;
  let started = false;
  let timedOut = false;
  let exitCalled: string | undefined;
  let fatal: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      watched.kill();
    }, ms);
  };
  arm(STARTUP_MS);

  readLines(child.stdio[3] as NodeJS.ReadableStream, (line) => {
    const message = parse(line, payload.token);
    if (message?.type === 'start' && !started) {
      started = true;
      arm(shareMs);
    }
    if (message?.type === 'exit') exitCalled = message.code;
    if (message?.type === 'fatal') fatal = message.error;
    if (message?.type === 'done') arm(EXIT_GRACE_MS);
    if ((message?.type === 'result' || message?.type === 'error') && message.scenario === names[index]) {
      outcomes.set(message.scenario, message.type === 'result' ? checked(message.result) : { error: String(message.error) });
      index++;
      arm(shareMs);
    }
  });

  const { code, signal } = await watched.closed;
  clearTimeout(timer);
  if (fatal !== undefined) {
    for (const name of names.slice(index)) outcomes.set(name, { error: `the measuring harness failed: ${fatal}` });
  } else if (index < names.length) {
    const ending = { timedOut, started, shareMs, stderr: watched.output(), memoryLimitMb, exitCalled, code, signal };
    outcomes.set(names[index] as string, { error: whyItEnded(ending) });
  }
  return outcomes;
}

interface Ending {
  readonly timedOut: boolean;
  /** Whether the child got as far as starting its first scenario. */
  readonly started: boolean;
  readonly shareMs: number;
  readonly stderr: string;
  readonly memoryLimitMb: number;
  readonly exitCalled: string | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function whyItEnded({ timedOut, started, shareMs, stderr, memoryLimitMb, exitCalled, code, signal }: Ending): string {
  if (timedOut && !started) return `not run: the measuring process did not start within ${STARTUP_MS / 1000} s`;
  if (timedOut) return `did not finish within ${Number((shareMs / 1000).toFixed(1))} s: an endless loop or a deadlock?`;
  if (/heap out of memory|Reached heap limit|Allocation failed/.test(stderr)) return `ran out of memory (limit ${memoryLimitMb} MB)`;
  if (exitCalled !== undefined) return `crashed: process.exit(${exitCalled}) was called`;
  if (signal) return `crashed: the process was killed by ${signal}`;
  if (code === 0) return 'crashed: the process ended in the middle of the scenario, as if nothing were left to run';
  const said = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/ExperimentalWarning|SecurityWarning|--trace-warnings/.test(line))
    .slice(-3)
    .join(' | ');
  return `crashed: the process exited with code ${code}${said ? `: ${said}` : ''}`;
}

/** The measurement, unless one of its figures is not a finite number (a clock that did not move, say). */
function checked(result: Measurement): Outcome {
  const figures = Object.entries(result ?? {});
  const bad = figures.find(([, value]) => typeof value !== 'number' || !Number.isFinite(value));
  if (figures.length > 0 && !bad) return result;
  return { error: `the measurement came out unusable: ${bad ? `${bad[0]} was ${String(bad[1])}` : 'it was empty'}` };
}

/** Calls `onLine` with each complete line; a line longer than LINE_LIMIT is dropped. */
function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    if (pending.length > LINE_LIMIT) pending = '';
    for (const line of lines) onLine(line);
  });
}

/** The message on `line` if it carries this run's token (the code under test could write to the pipe too). */
function parse(line: string, token: string): ChildMessage | undefined {
  try {
    const message = JSON.parse(line) as ChildMessage & { token?: unknown };
    return message.token === token ? message : undefined;
  } catch {
    return undefined;
  }
}
