import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type * as Esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_SCENARIOS } from '../../harness/bench/catalog.ts';
import { comparePerf } from '../../harness/grade/performance-comparison.ts';
import {
  FLOOR_RATIO,
  FULL_RATIO,
  HEAP_SLACK_BYTES,
  memorySettled,
  memoryVerdict,
  noiseOf,
  throughputScore,
  throughputVerdict,
} from '../../harness/grade/rubric.ts';
import { CHILD_DIRS, GRADE_SCENARIOS, type Leaks, measureTree } from '../../harness/measure/index.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { PHASES, subjectOf } from '../../harness/phases.ts';
import { type Fixture, loadFixture, materialize } from '../../harness/selftest/fixtures.ts';

const SOLUTIONS = join(KATA_ROOT, 'solutions');
const STUBS = join(KATA_ROOT, 'phases');
const MEMORY_LIMIT_MB = 512;
const noExtraFiles = mkdtempSync(join(tmpdir(), 'kata-perf-edits-'));
afterAll(() => rmSync(noExtraFiles, { recursive: true, force: true }));

/** The reference with a few exact edits to one of its files, as a buggy fixture would have it. */
function edited(file: string, edits: Fixture['edits']): { root: string; dispose(): void } {
  return materialize({ slug: 'perf-self-test', dir: noExtraFiles, phase: 0, bug: 'edited for the perf self-test', file, edits });
}

/** Node's permission model, allowing only what the measuring child needs to read. */
function readOnly(tree: string): string[] {
  const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
  return [flag, ...[tree, join(KATA_ROOT, 'harness'), join(KATA_ROOT, 'node_modules')].map((path) => `--allow-fs-read=${path}`)];
}

describe('measureTree and comparePerf', () => {
  it('find the reference as fast as itself, with no timer or listener left, under the permission model', async () => {
    const comparison = await comparePerf(SOLUTIONS, SOLUTIONS, {
      quick: true,
      timeLimitMs: 120_000,
      memoryLimitMb: MEMORY_LIMIT_MB,
      nodeArgs: readOnly,
    });

    // A harness module the child cannot load fails every scenario for the reference too; grade would then score 0 of 0.
    expect(comparison.notRun).toEqual([]);
    expect(comparison.performance.map((row) => row.scenario)).toEqual(
      expect.arrayContaining(['p1-ring-offer-poll', 'p2-blocking-1x1', 'p2-semaphore-1x1', 'p3-managed-4x4', 'p3-managed-handoff-latency']),
    );
    for (const row of comparison.performance) {
      expect(row.error, row.scenario).toBeUndefined();
      expect(row.ratio, row.scenario).toBeGreaterThan(0.3);
      expect(row.ratio, row.scenario).toBeLessThan(3);
      // Two reference runs a round: the spread of their ratios is this run's noise.
      expect(row.rounds, row.scenario).toBe(3);
      expect(row.selfSpread?.low, row.scenario).toBeGreaterThan(0);
      expect(row.selfSpread?.low, row.scenario).toBeLessThanOrEqual(row.selfSpread?.high ?? 0);
      expect(throughputVerdict(row), `${row.scenario}: the reference against itself`).not.toBe('lost');
    }
    const latency = comparison.performance.find((row) => row.scenario === 'p3-managed-handoff-latency');
    expect(latency?.reference.p99Us).toBeGreaterThanOrEqual(latency?.reference.p50Us ?? Number.POSITIVE_INFINITY);
    expect(comparison.memory.map((row) => row.scenario)).toEqual([
      'managed-timeouts-and-signals',
      'blocking-timeouts-and-signals',
      'semaphore-timeouts-and-signals',
    ]);
    for (const row of comparison.memory) {
      expect(row.error, row.scenario).toBeUndefined();
      for (const leaks of [row.reference, row.target]) {
        expect(leaks, row.scenario).toMatchObject({ timersLeft: 0, listenersLeft: 0 });
        expect(leaks?.heapGrowthBytes, row.scenario).toBeLessThan(1_000_000);
      }
    }
  });

  it('give the scenarios still in doubt more rounds, up to the bound, and no more once they are settled', async () => {
    const scenarios = ['p1-ring-offer-poll', 'semaphore-timeouts-and-signals'];
    const options = { scenarios, quick: true, rounds: 1, extraRounds: 2, timeLimitMs: 30_000, memoryLimitMb: MEMORY_LIMIT_MB };
    const doubtful = await comparePerf(SOLUTIONS, SOLUTIONS, { ...options, settled: () => false });
    const settled = await comparePerf(SOLUTIONS, SOLUTIONS, { ...options, settled: () => true });

    expect([...doubtful.performance, ...doubtful.memory].map((row) => [row.scenario, row.rounds])).toEqual([
      ['p1-ring-offer-poll', 3],
      ['semaphore-timeouts-and-signals', 3],
    ]);
    expect(doubtful.performance[0]?.selfSpread?.high).toBeGreaterThanOrEqual(doubtful.performance[0]?.selfSpread?.low ?? 0);
    expect([...settled.performance, ...settled.memory].map((row) => row.rounds)).toEqual([1, 1]);
  });

  it('count the timers and the abort listeners a buffer leaves behind', async () => {
    const managed = edited('03-strategies-and-shutdown/waiters.ts', [['    clearTimeout(this.#timer);\n', '']]);
    const blocking = materialize(await loadFixture('buggy', 'p2-timer-never-cleared'));
    const semaphore = materialize(await loadFixture('buggy', 'p2-abort-listener-kept'));
    try {
      const options = { quick: true, timeLimitMs: 30_000, memoryLimitMb: MEMORY_LIMIT_MB };
      const leaksOf = async (tree: { root: string }, scenario: string) =>
        (await measureTree(tree.root, { ...options, scenarios: [scenario] })).get(scenario) as Leaks;
      const [timersOfManaged, timersOfBlocking, listenersOfSemaphore] = await Promise.all([
        leaksOf(managed, 'managed-timeouts-and-signals'),
        leaksOf(blocking, 'blocking-timeouts-and-signals'),
        leaksOf(semaphore, 'semaphore-timeouts-and-signals'),
      ]);

      expect(timersOfManaged).toMatchObject({ timersLeft: expect.any(Number), listenersLeft: 0 });
      expect(timersOfManaged.timersLeft).toBeGreaterThan(1000);
      expect(timersOfManaged.heapGrowthBytes).toBeGreaterThan(1_000_000);
      expect(timersOfBlocking.timersLeft).toBeGreaterThan(1000);
      expect(listenersOfSemaphore).toMatchObject({ timersLeft: 0, listenersLeft: expect.any(Number) });
      expect(listenersOfSemaphore.listenersLeft).toBeGreaterThan(1000);
    } finally {
      for (const tree of [managed, blocking, semaphore]) tree.dispose();
    }
  });

  it('turn a fast wrong answer into an error that names the items', async () => {
    const newestFirst = edited('01-basic-buffer/bounded-buffer.ts', [
      [
        '    const item = this.#slots[this.#head];\n',
        '    const newest = this.#slotOf(this.#size - 1);\n    const item = this.#slots[newest];\n    this.#slots[newest] = this.#slots[this.#head];\n',
      ],
    ]);
    try {
      const scenarios = ['p1-ring-offer-poll', 'p3-managed-4x4'];
      const outcomes = await measureTree(newestFirst.root, { scenarios, quick: true, timeLimitMs: 20_000, memoryLimitMb: MEMORY_LIMIT_MB });

      expect(outcomes.get('p1-ring-offer-poll')).toEqual({ error: 'wrong order: expected 0, got 512' });
      expect(outcomes.get('p3-managed-4x4')).toEqual({ opsPerSec: expect.any(Number) });
    } finally {
      newestFirst.dispose();
    }
  });

  it('report every scenario of the stubs as NotImplementedError, without crashing', async () => {
    const outcomes = await measureTree(STUBS, { quick: true, timeLimitMs: 30_000, memoryLimitMb: MEMORY_LIMIT_MB });

    expect([...outcomes.keys()]).toEqual(GRADE_SCENARIOS.map((scenario) => scenario.name));
    for (const [name, outcome] of outcomes) expect(outcome, name).toEqual({ error: expect.stringMatching(/^NotImplementedError: \w+/) });
  });

  it('stop a scenario that never returns within its share of the time limit, and measure the others', async () => {
    const tree = materialize(await loadFixture('hostile', 'offer-never-returns'));
    try {
      const started = Date.now();
      const scenarios = ['p1-ring-offer-poll', 'p3-managed-4x4', 'managed-timeouts-and-signals'];
      const outcomes = await measureTree(tree.root, { scenarios, quick: true, timeLimitMs: 6_000, memoryLimitMb: MEMORY_LIMIT_MB });

      expect(outcomes.get('p1-ring-offer-poll')).toEqual({ error: 'did not finish within 2 s: an endless loop or a deadlock?' });
      expect(outcomes.get('p3-managed-4x4')).toEqual({ opsPerSec: expect.any(Number) });
      expect(outcomes.get('managed-timeouts-and-signals')).toMatchObject({ timersLeft: 0, listenersLeft: 0 });
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      tree.dispose();
    }
  });

  it('report process.exit, a promise that never settles and an exhausted heap as errors of their scenario', async () => {
    const exits = edited('01-basic-buffer/bounded-buffer.ts', [
      ['  poll(): T | undefined {\n', '  poll(): T | undefined {\n    process.exit(0);\n'],
    ]);
    const stalls = edited('03-strategies-and-shutdown/managed-buffer.ts', [
      ['  take(options?: WaitOptions): Promise<T> {\n', '  take(options?: WaitOptions): Promise<T> {\n    return new Promise(() => {});\n'],
    ]);
    const hogs = edited('03-strategies-and-shutdown/managed-buffer.ts', [
      [
        '  take(options?: WaitOptions): Promise<T> {\n',
        '  take(options?: WaitOptions): Promise<T> {\n    for (const hog = []; ; ) hog.push(new Array(1e5).fill(0));\n',
      ],
    ]);
    try {
      const options = { quick: true, timeLimitMs: 20_000, memoryLimitMb: 64 };
      const [exited, stalled, hogged] = await Promise.all([
        measureTree(exits.root, { ...options, scenarios: ['p1-ring-offer-poll', 'p3-managed-4x4'] }),
        measureTree(stalls.root, { ...options, scenarios: ['p3-managed-4x4', 'p2-semaphore-1x1'] }),
        measureTree(hogs.root, { ...options, scenarios: ['p3-managed-4x4', 'p2-semaphore-1x1'] }),
      ]);

      expect(exited.get('p1-ring-offer-poll')).toEqual({ error: 'crashed: process.exit(0) was called' });
      expect(exited.get('p3-managed-4x4')).toEqual({ opsPerSec: expect.any(Number) });
      expect(stalled.get('p3-managed-4x4')).toEqual({
        error: expect.stringMatching(/^never finished: every producer and consumer was waiting/),
      });
      expect(hogged.get('p3-managed-4x4')).toEqual({ error: 'ran out of memory (limit 64 MB)' });
      for (const outcomes of [stalled, hogged]) expect(outcomes.get('p2-semaphore-1x1')).toEqual({ opsPerSec: expect.any(Number) });
    } finally {
      for (const tree of [exits, stalls, hogs]) tree.dispose();
    }
  });
});

describe('what the measuring child loads', () => {
  // The esbuild that tsx runs on, as harness/measure/compile.ts uses.
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as typeof Esbuild;
  const harness = join(KATA_ROOT, 'harness');
  const catalogues = [
    { entries: ['measure/child/main.ts', 'measure/grade-scenarios.ts'], own: [] },
    { entries: ['bench/catalog.ts', 'bench/threads/transport-worker.ts'], own: [join(harness, 'bench')] },
  ];

  it.each(catalogues)('stays inside the folders compiled for it: $entries', async ({ entries, own }) => {
    const { metafile } = await esbuild.build({
      entryPoints: entries.map((entry) => join(harness, entry)),
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outdir: join(tmpdir(), 'kata-child-graph'),
      logLevel: 'silent',
    });
    const loaded = Object.keys(metafile.inputs).map((input) => join(KATA_ROOT, input));
    const compiled = [...CHILD_DIRS, ...own].map((dir) => dir + sep);
    expect(loaded.filter((file) => !compiled.some((dir) => file.startsWith(dir)))).toEqual([]);
  });

  it('measures only the classes the registry lists as measured, and every one of them', () => {
    const subjects = new Set([...GRADE_SCENARIOS, ...BENCH_SCENARIOS].flatMap((scenario) => scenario.subject ?? []));
    for (const subject of subjects) expect(() => subjectOf(subject), subject).not.toThrow();
    expect([...subjects].sort()).toEqual(PHASES.flatMap((phase) => phase.measured).sort());
  });
});

describe('the rubric of throughput and memory', () => {
  const measured = (ratio: number, low: number, high: number) => ({
    ratio,
    target: { opsPerSec: ratio * 1000 },
    selfSpread: { low, high },
  });

  it('takes no point for a ratio at the bar, inside the reference’s own spread, or short of the bar by no more than that noise', () => {
    expect(noiseOf({ low: 0.8, high: 1.1 })).toBeCloseTo(1.25);
    expect(noiseOf({ low: 0.9, high: 1.6 })).toBe(1.6);
    expect(noiseOf({ low: 1.05, high: 1.1 })).toBe(1.1);
    expect(noiseOf(undefined)).toBe(1);

    expect(throughputScore(measured(FULL_RATIO, 0.95, 1.05), 1)).toEqual({ verdict: 'earned', points: 1 });
    // The reference strayed to 0.4 of itself: 0.45 is within what it does to itself.
    expect(throughputScore(measured(0.45, 0.4, 1.2), 1)).toEqual({ verdict: 'earned', points: 1 });
    // 0.3 × 1.7 reaches the bar: below it, but not beyond the noise.
    expect(throughputScore(measured(0.3, 0.7, 1.7), 1)).toEqual({ verdict: 'inconclusive', points: 1 });
    expect(throughputScore(measured(0.3, 1 / 1.7, 1.2), 1)).toEqual({ verdict: 'inconclusive', points: 1 });
  });

  it('scores a ratio short of the bar beyond the noise at the top of its noise band, and nothing for a failure', () => {
    const lost = throughputScore(measured(0.2, 0.9, 1.1), 1);
    expect(lost.verdict).toBe('lost');
    expect(lost.points).toBeCloseTo((0.2 * (1 / 0.9) - FLOOR_RATIO) / (FULL_RATIO - FLOOR_RATIO));
    expect(throughputScore(measured(0.04, 0.99, 1.01), 1)).toEqual({ verdict: 'lost', points: 0 });
    expect(throughputScore({ ratio: 0, target: null, error: 'wrong order: expected 0, got 512' }, 1)).toEqual({
      verdict: 'lost',
      points: 0,
    });
    // A report without a spread (an older one) is judged on the ratio alone.
    expect(throughputVerdict({ ratio: 0.49, target: { opsPerSec: 49 } })).toBe('lost');
  });

  it('judges memory on what is left behind and on the heap beside the reference’s, and measures a heap over the bar again', () => {
    const leaks = (heapGrowthBytes: number, timersLeft = 0, listenersLeft = 0) => ({ heapGrowthBytes, timersLeft, listenersLeft });
    const reference = leaks(200_000);
    const clean = { target: leaks(200_000 + HEAP_SLACK_BYTES), reference };
    const heavy = { target: leaks(201_000 + HEAP_SLACK_BYTES), reference };
    const timers = { target: leaks(0, 3), reference };
    expect([clean, heavy, timers].map(memoryVerdict)).toEqual(['earned', 'lost', 'lost']);
    expect([clean, heavy, timers].map(memorySettled)).toEqual([true, false, true]);
    expect(memoryVerdict({ target: null, reference, error: 'never finished' })).toBe('lost');
  });
});

describe('the memory scenarios', () => {
  it('check every item as they go: a buffer that does nothing, and so leaves nothing behind, gets an error instead of figures', async () => {
    const idle = edited('03-strategies-and-shutdown/managed-buffer.ts', [
      [
        '  put(item: T, options?: PutOptions): Promise<void> {\n',
        '  put(item: T, options?: PutOptions): Promise<void> {\n    return DONE;\n',
      ],
      [
        '  take(options?: WaitOptions): Promise<T> {\n',
        '  take(options?: WaitOptions): Promise<T> {\n    return Promise.resolve(0 as T);\n',
      ],
    ]);
    try {
      const scenario = 'managed-timeouts-and-signals';
      const outcomes = await measureTree(idle.root, {
        scenarios: [scenario],
        quick: true,
        timeLimitMs: 20_000,
        memoryLimitMb: MEMORY_LIMIT_MB,
      });

      expect(outcomes.get(scenario)).toEqual({ error: 'wrong order: expected 1, got 0' });
    } finally {
      idle.dispose();
    }
  });
});
