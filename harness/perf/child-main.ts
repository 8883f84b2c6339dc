/**
 * The measuring child (started through ./bootstrap.cjs): runs the scenarios it was given,
 * one at a time, and reports each on its pipe as it ends. Before any code of the tree loads
 * it captures its instruments and watches for what the code under test may do to the
 * process: call process.exit, throw from a timer, or leave every caller waiting with nothing
 * left to run (then the event loop empties, and the scenario is reported as stuck).
 */
import { join } from 'node:path';
import { IMPORT_REFUSED } from './import-rule.ts';
import { captureInstruments, type Instruments } from './instruments.ts';
import { WrongAnswer } from './ledger.ts';
import { threadStarter } from './threads.ts';
import type {
  AnyScenario,
  ChildMessage,
  ChildPayload,
  Leaks,
  MemoryScenario,
  Probe,
  Throughput,
  ThroughputScenario,
  TreelessScenario,
} from './types.ts';

/** Warm-up runs of a quarter of the items each, so that the measured run finds the code optimised. */
const WARM_UP_ROUNDS = 2;
/** For the first throughput scenario of a child, which finds nothing of its code compiled yet. */
const FIRST_WARM_UP_ROUNDS = 8;
/** The measured run goes in this many equal slices (see measureThroughput). */
const SLICES = 5;
/** A memory scenario runs in this many parts (the first one more as its warm-up), checking for piled-up listeners after each. */
const CHUNKS = 10;
const LISTENERS_ENOUGH = 5_000;

export interface ChildContext {
  readonly payload: ChildPayload;
  /** `require`, for the tree's compiled modules. */
  readonly load: (path: string) => Record<string, unknown>;
  readonly send: (message: ChildMessage) => void;
  /** The real process.exit. */
  readonly exit: (code: number) => never;
}

export async function runChild({ payload, load, send, exit }: ChildContext): Promise<void> {
  const instruments = captureInstruments();
  let stuck: (error: Error) => void = () => {};
  process.exit = ((code?: number | string | null) => {
    send({ type: 'exit', code: safeString(code ?? process.exitCode ?? 0) });
    return exit(Number(code ?? 0) || 0);
  }) as typeof process.exit;
  const fatal = (what: string) => (error: unknown) => stuck(new Verdict(`${what}: ${describe(error, payload.treeRoot)}`));
  process.on('uncaughtException', fatal('an exception escaped every call (from a timer or a callback)'));
  process.on('unhandledRejection', fatal('a promise rejected with nobody to handle it'));
  process.on('beforeExit', () =>
    stuck(new Verdict('never finished: every producer and consumer was waiting, with nothing left to wake them (a lost wake-up?)')),
  );

  const { scenarioNamed } = load(payload.catalog) as { scenarioNamed: (name: string) => AnyScenario };
  const startThread = threadStarter(payload);
  let warmed = false;
  for (const name of payload.scenarios) {
    send({ type: 'start', scenario: name });
    const giveUp = new Promise<never>((_, reject) => {
      stuck = reject;
    });
    try {
      const scenario = scenarioNamed(name);
      const subject = loadSubject(scenario, payload, load);
      const warmUpRounds = warmed ? WARM_UP_ROUNDS : FIRST_WARM_UP_ROUNDS;
      warmed ||= scenario.kind === 'throughput';
      const result = await Promise.race([measure(scenario, subject, { ...instruments, startThread, warmUpRounds }, payload.quick), giveUp]);
      send({ type: 'result', scenario: name, result });
    } catch (error) {
      send({ type: 'error', scenario: name, error: describe(error, payload.treeRoot) });
    }
    stuck = () => {};
  }
  send({ type: 'done' });
}

type Tools = Instruments & Pick<Probe, 'startThread'> & { readonly warmUpRounds: number };

function measure(scenario: AnyScenario, subject: unknown, tools: Tools, quick: boolean): Promise<Throughput | Leaks> {
  return scenario.kind === 'throughput'
    ? measureThroughput(scenario, subject, tools, quick)
    : measureLeaks(scenario, subject, tools, quick);
}

/**
 * After the warm-up, the items go through in SLICES equal runs, and the throughput is the
 * median of theirs: a burst of work elsewhere on the machine then spoils one slice, not the figure.
 */
async function measureThroughput(scenario: ThroughputScenario | TreelessScenario, subject: unknown, tools: Tools, quick: boolean) {
  const items = quick ? (scenario.quickItems ?? scenario.items / 2) : scenario.items;
  const latencies: Float64Array[] = [];
  let ownTime: number | undefined;
  const { now, startThread } = tools;
  const probe: Probe = { now, startThread, latencies: (samples) => latencies.push(samples), timed: (ms) => (ownTime = ms) };
  for (let round = 0; round < tools.warmUpRounds; round++) await scenario.run(subject, multipleOf64(items / 4), probe);
  await tools.collectGarbage();
  latencies.length = 0;
  const rates: number[] = [];
  const clock = scenario.clock === 'cpu' ? tools.cpuNow : now;
  for (let slice = 0; slice < SLICES; slice++) {
    ownTime = undefined;
    const started = clock();
    await scenario.run(subject, items / SLICES, probe);
    const elapsed = clock() - started;
    rates.push((items / SLICES / (ownTime ?? elapsed)) * 1000);
  }
  const throughput: Throughput = { opsPerSec: Math.round(middle(rates)) };
  return latencies.length > 0 ? { ...throughput, ...percentiles(latencies) } : throughput;
}

async function measureLeaks(scenario: MemoryScenario, subject: unknown, instruments: Instruments, quick: boolean): Promise<Leaks> {
  const operations = quick ? (scenario.quickOperations ?? scenario.operations / 2) : scenario.operations;
  const controllers = [new instruments.AbortController(), new instruments.AbortController()];
  const signals = controllers.map((controller) => controller.signal);
  const listeners = () => signals.reduce((sum, signal) => sum + instruments.abortListeners(signal), 0);
  instruments.timers.reset();
  const buffer = scenario.create(subject);
  await scenario.run(buffer, operations / CHUNKS, signals);
  await instruments.collectGarbage();
  const before = instruments.heapUsed();
  // A signal's listeners are a list that each add and remove walks: once they pile up, every
  // call slows down, so the run stops early, the leak being plain by then.
  for (let chunk = 0; chunk < CHUNKS && listeners() < LISTENERS_ENOUGH; chunk++) await scenario.run(buffer, operations / CHUNKS, signals);
  const timersLeft = instruments.timers.left;
  const listenersLeft = listeners();
  await instruments.collectGarbage();
  const heapGrowthBytes = instruments.heapUsed() - before;
  // The buffer and the controllers stay reachable until here, so what they hold is weighed too.
  if (!buffer || controllers.some((controller) => controller.signal.aborted)) throw new Error('the harness lost its buffer or its signals');
  return { heapGrowthBytes, timersLeft, listenersLeft };
}

function loadSubject(scenario: AnyScenario, payload: ChildPayload, load: ChildContext['load']): unknown {
  if (scenario.subject === null) return undefined;
  const { file, exportName } = scenario.subject;
  const path = join(payload.treeRoot, file);
  if (!Object.hasOwn(payload.modules, path)) throw new Verdict(`not run: the tree has no ${file}`);
  const value = load(path)[exportName];
  if (typeof value !== 'function') throw new Verdict(`not run: ${file} does not export a class named ${exportName}`);
  return value;
}

/** The harness's own verdict on a scenario (not run, stuck): its message says it all. */
class Verdict extends Error {}

/** p50 and p99 of round trips in microseconds, to 0.01 µs. */
function percentiles(parts: readonly Float64Array[]): { p50Us: number; p99Us: number } {
  const sorted = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    sorted.set(part, offset);
    offset += part.length;
  }
  sorted.sort();
  const at = (fraction: number) => Math.round((sorted[Math.floor(fraction * (sorted.length - 1))] ?? 0) * 100) / 100;
  return { p50Us: at(0.5), p99Us: at(0.99) };
}

function middle(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
}

function multipleOf64(count: number): number {
  return Math.max(64, Math.ceil(count / 64) * 64);
}

/** `NotImplementedError: ManagedBuffer.put`, `TypeError: x is not a function (at 01-basic-buffer/bounded-buffer.ts:40:11)`. */
function describe(error: unknown, treeRoot: string): string {
  try {
    if (error instanceof WrongAnswer || error instanceof Verdict) return error.message;
    if (typeof error !== 'object' || error === null || !('message' in error)) return `a non-Error value was thrown: ${safeString(error)}`;
    const { name, message, member, stack } = error as { name?: unknown; message?: unknown; member?: unknown; stack?: unknown };
    // Word for word what the phase suites say of the same import.
    if (name === IMPORT_REFUSED && typeof message === 'string') return message;
    if (name === 'NotImplementedError' && typeof member === 'string') return `NotImplementedError: ${member}`;
    const frame = typeof stack === 'string' ? stack.split('\n').find((line) => line.includes(treeRoot)) : undefined;
    const where = frame ? ` (at ${frame.slice(frame.indexOf(treeRoot) + treeRoot.length + 1).replace(/\)$/, '')})` : '';
    return `${safeString(name ?? 'Error')}: ${safeString(message)}${where}`;
  } catch {
    return 'an error was thrown that could not even be described';
  }
}

function safeString(value: unknown): string {
  try {
    return String(value).slice(0, 500);
  } catch {
    return '(a value that cannot be shown)';
  }
}
