/**
 * Runs phase suites against a tree and returns one outcome per test, whatever the code under
 * test does: a test that freezes the process is killed, reported as hung and skipped in a
 * fresh attempt, so the rest of the ladder still gets its results.
 */
import { levelOf } from '../levels.ts';
import { type Phase, phaseOfTestFile, testsFolder } from '../phases.ts';
import type { SandboxSettings } from '../sandbox/child-env.ts';
import { type ChildRunEnd, idleLimit, listTests, runVitestChild } from './child.ts';
import { type ErrorInfo, type KataEvent, type TestState, testKey } from './events.ts';

export type OutcomeState = TestState | 'hung' | 'not-run';

export interface TestOutcome {
  readonly file: string;
  readonly test: string;
  readonly phase: number;
  readonly level: number;
  readonly state: OutcomeState;
  readonly durationMs: number;
  readonly errors: readonly ErrorInfo[];
  readonly seed?: number;
}

export interface RunResult {
  readonly seed: number;
  readonly tests: TestOutcome[];
  /** Test files that could not be loaded at all (a syntax error, an import that fails). */
  readonly loadErrors: { file: string; errors: ErrorInfo[] }[];
  readonly unhandled: ErrorInfo[];
  readonly hangs: { file: string; test: string; ms: number }[];
  /** Set when the run stopped early: why, as words that follow "The run ". */
  readonly stopped?: string;
  readonly durationMs: number;
  /** For a run limited to one test by name: the full name of every test the run collected, to suggest the one meant. */
  readonly names?: readonly string[];
}

export interface RunOptions {
  readonly targetRoot: string;
  readonly phases: readonly Phase[];
  readonly seed: number;
  /** Run only this level's tests. */
  readonly level?: number;
  /** Run only these levels' tests (the self-test's corpus skips levels a bug cannot reach). */
  readonly levels?: readonly number[];
  /** Run only the test of this full name, as the kata prints it (`L2 … > BoundedBuffer > keeps …`). */
  readonly test?: string;
  /** How long one test may keep the process busy before it counts as hung. */
  readonly hangMs?: number;
  /** Wall-clock limit for the whole run, attempts included. */
  readonly timeLimitMs?: number;
  /** How many hung tests to skip and retry past before giving up on the rest. */
  readonly maxHangs?: number;
  readonly onEvent?: (event: KataEvent) => void;
  /** Run only these test files (paths from the kata's root) instead of the phases' folders. */
  readonly files?: readonly string[];
  /** Run the target as untrusted code (npm run grade). */
  readonly sandbox?: SandboxSettings;
}

export const DEFAULT_HANG_MS = 10_000;
const DEFAULT_TIME_LIMIT_MS = 300_000;
const DEFAULT_MAX_HANGS = 3;

export async function runSuites(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const hangMs = options.hangMs ?? DEFAULT_HANG_MS;
  const deadline = started + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const maxHangs = options.maxHangs ?? DEFAULT_MAX_HANGS;
  const hangs: RunResult['hangs'] = [];
  const crashes: { file: string; test: string }[] = [];
  const seen = new Attempts();
  let stopped: string | undefined;

  for (;;) {
    const end = await runVitestChild({
      targetRoot: options.targetRoot,
      testDirs: testPaths(options),
      seed: options.seed,
      skip: [...hangs, ...crashes].map((stop) => testKey(stop.file, stop.test)),
      namePattern: namePattern(options),
      hangMs,
      deadline,
      sandbox: options.sandbox,
      onEvent: (event) => {
        seen.record(event);
        options.onEvent?.(event);
      },
    });
    if (end.reason === 'crash' && end.crashed) {
      // Its process died under it: record the test as failed with why, then run the rest again without it.
      crashes.push(end.crashed);
      seen.record(crashResult(end.crashed, end.output));
      if (hangs.length + crashes.length < maxHangs && Date.now() < deadline) continue;
      stopped = `stopped after ${hangs.length + crashes.length} tests hung or crashed; the tests after them did not run`;
    } else if (end.reason === 'hang' && end.hung) {
      hangs.push(end.hung);
      if (hangs.length + crashes.length < maxHangs && Date.now() < deadline) continue;
      stopped = `stopped after ${hangs.length} hung tests; the tests after them did not run`;
    } else if (end.reason !== 'finished') {
      stopped = describeEnd(end, hangMs);
    }
    break;
  }

  if (stopped !== undefined || hangs.length > 0 || crashes.length > 0 || seen.loadErrors.length > 0) {
    seen.addMissing(await listTests(testPaths(options)));
  }
  const hungKeys = new Set(hangs.map((hang) => testKey(hang.file, hang.test)));
  const outcomes = seen.outcomes(hungKeys, options.level ? [options.level] : options.levels);
  return {
    seed: options.seed,
    // Limited to one test: that one, and any other that ran all the same (none should), so the count says what ran.
    tests: options.test === undefined ? outcomes : outcomes.filter(({ test, state }) => test === options.test || state !== 'not-run'),
    loadErrors: seen.loadErrors,
    unhandled: seen.unhandled,
    hangs,
    stopped,
    durationMs: Date.now() - started,
    ...(options.test !== undefined && { names: [...seen.collected.values()].flat() }),
  };
}

/** The result of a test whose process died while it ran, with the likely cause from Vitest's output. */
function crashResult({ file, test }: { file: string; test: string }, output: string): KataEvent {
  const outOfMemory = /heap out of memory|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY/i.test(output);
  const message = outOfMemory
    ? 'The process running this test ran out of memory and died. Look for an allocation that grows without bound (an array that is never trimmed, a loop that keeps pushing).'
    : 'The process running this test died before the test ended (process.exit, a native crash, or running out of memory). The tests after it ran in a fresh process.';
  return { type: 'result', file, test, state: 'failed', durationMs: 0, errors: [{ name: 'ProcessDied', message, stack: '' }] };
}

/**
 * The test files to run, as Vitest's path filters: the phases' folders, or for one test by
 * name only the files of its level (suite files are named lN-*.test.ts, one level each).
 */
function testPaths({ files, phases, test }: RunOptions): readonly string[] {
  const level = test === undefined ? 0 : levelOf(test);
  return files ?? phases.map((phase) => (level ? `${testsFolder(phase)}/l${level}-` : testsFolder(phase)));
}

function namePattern({ level, levels, test }: RunOptions): string | undefined {
  if (test !== undefined) return exactNamePattern(test);
  if (level) return `^L${level} `;
  return levels ? `^L[${levels.join('')}] ` : undefined;
}

/**
 * A pattern for Vitest's `--testNamePattern` that matches the test of this full name and no
 * other. Vitest matches a pattern against the test's describe names and its own name joined
 * by single spaces, where the kata joins them by ' > '; a ' > ' inside a name stays itself, so
 * each one may stand for either. Every character that means something in a pattern is escaped.
 */
export function exactNamePattern(fullName: string): string {
  const parts = fullName.split(' > ').map((part) => part.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'));
  return `^${parts.join('(?: | > )')}$`;
}

function describeEnd(end: ChildRunEnd, hangMs: number): string {
  switch (end.reason) {
    case 'idle':
      return `stopped: nothing happened for ${idleLimit(hangMs) / 1000} s while no test was running. Something froze the test files while they loaded: an endless loop at the top level of a file, or a built-in such as Promise.prototype.then replaced by one that never calls back`;
    case 'time-limit':
      return 'reached its time limit and was stopped; the tests it had not finished did not run';
    default:
      return `ended unexpectedly: Vitest exited with code ${end.exitCode}. Its last output:\n${end.output.trim().split('\n').slice(-15).join('\n')}`;
  }
}

/**
 * What the Vitest children of one run reported, turned into outcomes. A later attempt's
 * result replaces an earlier one's; a test that only an earlier attempt reached keeps its
 * result from then (the seed is the same, so it would do the same again).
 */
class Attempts {
  readonly collected = new Map<string, string[]>();
  readonly results = new Map<string, Extract<KataEvent, { type: 'result' }>>();
  readonly #loadErrors = new Map<string, ErrorInfo[]>();
  readonly #unhandled = new Map<string, ErrorInfo>();

  record(event: KataEvent): void {
    if (event.type === 'collected') this.collected.set(event.file, event.tests);
    if (event.type === 'result' && event.state !== 'skipped') this.results.set(testKey(event.file, event.test), event);
    if (event.type === 'end' && !this.results.has(testKey(event.file, event.test))) {
      const state = event.errors.length > 0 ? 'failed' : 'passed';
      this.results.set(testKey(event.file, event.test), { ...event, type: 'result', state, durationMs: 0 });
    }
    if (event.type === 'module-error') this.#loadErrors.set(event.file, event.errors);
    for (const error of event.type === 'unhandled' ? event.errors : []) this.#unhandled.set(error.message, error);
  }

  /** Adds the tests of the canonical list that this run never collected. */
  addMissing(canonical: ReadonlyMap<string, string[]>): void {
    for (const [file, tests] of canonical) {
      const known = new Set(this.collected.get(file) ?? []);
      this.collected.set(file, [...known, ...tests.filter((test) => !known.has(test))]);
    }
  }

  get loadErrors(): RunResult['loadErrors'] {
    return [...this.#loadErrors].map(([file, errors]) => ({ file, errors }));
  }

  get unhandled(): ErrorInfo[] {
    return [...this.#unhandled.values()];
  }

  outcomes(hung: ReadonlySet<string>, onlyLevels?: readonly number[]): TestOutcome[] {
    const outcomes: TestOutcome[] = [];
    for (const [file, tests] of [...this.collected].sort(([a], [b]) => a.localeCompare(b))) {
      for (const test of tests) {
        const level = levelOf(test);
        if (onlyLevels && !onlyLevels.includes(level)) continue;
        const key = testKey(file, test);
        const result = this.results.get(key);
        const state: OutcomeState = hung.has(key) ? 'hung' : (result?.state ?? 'not-run');
        outcomes.push({
          file,
          test,
          phase: phaseOfTestFile(file)?.number ?? 0,
          level,
          state,
          durationMs: result?.durationMs ?? 0,
          errors: state === 'hung' ? [] : (result?.errors ?? []),
          seed: result?.seed,
        });
      }
    }
    return outcomes;
  }
}
