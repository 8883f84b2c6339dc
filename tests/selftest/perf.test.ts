import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KATA_ROOT } from '../../harness/paths.ts';
import { comparePerf, type Leaks, measureTree, SCENARIOS } from '../../harness/perf/index.ts';
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

/** Node's permission model, allowing only what the perf child needs to read. */
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

    expect(comparison.notRun.filter((skipped) => !skipped.scenario.startsWith('p4-'))).toEqual([]);
    expect(comparison.performance.map((row) => row.scenario)).toEqual(
      expect.arrayContaining(['p1-ring-offer-poll', 'p2-blocking-1x1', 'p2-semaphore-1x1', 'p3-managed-4x4', 'p3-managed-handoff-latency']),
    );
    for (const row of comparison.performance) {
      expect(row.error, row.scenario).toBeUndefined();
      expect(row.ratio, row.scenario).toBeGreaterThan(0.3);
      expect(row.ratio, row.scenario).toBeLessThan(3);
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

    expect([...outcomes.keys()]).toEqual(SCENARIOS.map((scenario) => scenario.name));
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
