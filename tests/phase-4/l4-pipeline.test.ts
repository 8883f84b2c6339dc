import { Pipeline } from '@target/04-backpressure-and-work-stealing/pipeline.ts';
import { describe, expect, it } from 'vitest';
import { labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';
import { nextTurn } from '../../harness/engine/real-time.ts';
import { L4 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';

const STAGES = [
  { name: 'parse', workers: 2, capacity: 2 },
  { name: 'enrich', workers: 3, capacity: 1 },
  { name: 'store', workers: 2, capacity: 3 },
] as const;

const isClosed = (error: unknown) => error instanceof Error && error.name === 'BufferClosedError';

/**
 * 3 producers, 3 stages of several workers each with random delays, random failures and
 * random filtering, and a reader that pauses now and then. Every accepted item must end in
 * exactly one place: read, dead-lettered, or filtered out.
 */
async function ledgerRun(when: 'after the last put' | 'while producers are still putting'): Promise<void> {
  const random = seededRandom(when);
  const context = `(seed ${random.seed}, close() ${when})`;
  const outcomes = new Map<string, string[]>();
  const problems: string[] = [];
  const thrown = new Map<string, Error>();
  const record = (item: Tagged, outcome: string) => {
    const label = labelOf(item);
    outcomes.set(label, [...(outcomes.get(label) ?? []), outcome]);
  };
  const handled = STAGES.map(() => new Set<string>());
  const leftLastStage = new Set<string>();
  let pipeline: Pipeline<Tagged, Tagged>;
  const stage =
    (index: number) =>
    async (item: Tagged): Promise<Tagged | undefined> => {
      const { name } = STAGES[index] as (typeof STAGES)[number];
      const label = labelOf(item);
      if (handled[index]?.has(label)) problems.push(`stage '${name}' was handed ${label} twice`);
      handled[index]?.add(label);
      for (let i = random.next(4); i > 0; i--) await (random.next(2) === 0 ? nextTurn() : Promise.resolve());
      for (const metrics of pipeline.metrics()) {
        if (metrics.size > metrics.capacity)
          problems.push(`stage '${metrics.stage}' held ${metrics.size} items, capacity ${metrics.capacity}`);
      }
      const roll = random.next(20);
      if (roll === 0) {
        const error = new Error(`${label} failed in ${name}`);
        thrown.set(`${label}@${name}`, error);
        throw error;
      }
      if (roll === 1) {
        record(item, `filtered by ${name}`);
        return undefined;
      }
      if (index === STAGES.length - 1) leftLastStage.add(label);
      return item;
    };
  pipeline = new Pipeline<Tagged, Tagged>({
    stages: STAGES.map(({ name, workers, capacity }, index) => ({ name, workers, capacity, handler: stage(index) })),
    outputCapacity: 2,
  });
  const accepted = new Set<string>();
  const closeAfterReads = when === 'after the last put' ? Number.POSITIVE_INFINITY : 10 + random.next(60);
  let closing: Promise<void> | undefined;
  let unaccountedAtClose = -1;
  const closePipeline = () => {
    closing ??= pipeline.close().then(() => {
      const dead = new Set(pipeline.deadLetters.map((letter) => labelOf(letter.item)));
      const done = (label: string) => leftLastStage.has(label) || dead.has(label) || outcomes.get(label)?.[0]?.startsWith('filtered');
      unaccountedAtClose = [...accepted].filter((label) => !done(label)).length;
    });
  };
  const reader = (async () => {
    let reads = 0;
    for await (const item of pipeline) {
      record(item, 'read');
      if (++reads === closeAfterReads) closePipeline();
      if (random.next(4) === 0) await nextTurn();
    }
  })();
  const producers = ['p1', 'p2', 'p3'].map(async (producer) => {
    for (let seq = 0; seq < 60; seq++) {
      const item = tagged(producer, seq);
      try {
        await pipeline.put(item);
      } catch (error) {
        if (isClosed(error) && closing) return;
        throw error;
      }
      accepted.add(labelOf(item));
    }
  });
  await finishOrStuck(Promise.all(producers), () => `the producers are stuck ${context}`);
  closePipeline();
  await finishOrStuck(Promise.all([closing, reader]), () => `close() or the reader is stuck ${context}`);

  for (const letter of pipeline.deadLetters) {
    const item = letter.item as Tagged;
    const expected = thrown.get(`${labelOf(item)}@${letter.stage}`);
    if (letter.error !== expected)
      problems.push(`dead letter ${labelOf(item)} in '${letter.stage}' does not carry the error its handler threw there`);
    record(item, `dead in ${letter.stage}`);
  }
  if (pipeline.deadLetters.length !== thrown.size) {
    problems.push(`handlers threw ${thrown.size} times but deadLetters holds ${pipeline.deadLetters.length} entries`);
  }
  for (const [label, where] of outcomes) {
    if (!accepted.has(label)) problems.push(`${label} came out (${where.join(', ')}) but its put() never succeeded`);
    else if (where.length > 1) problems.push(`${label} ended in more than one place: ${where.join(', ')}`);
  }
  for (const label of accepted) {
    if (!outcomes.has(label)) problems.push(`${label} was put but never read, dead-lettered or filtered (lost)`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 6).map((line) => `  - ${line}`);
    fail([`${problems.length} problem(s) ${context}:`, ...shown].join('\n'));
  }
  if (unaccountedAtClose !== 0) {
    fail(
      `close() settled while ${unaccountedAtClose} accepted item(s) were still inside the pipeline ${context}: it must wait for all of them`,
    );
  }
  const metrics = pipeline.metrics();
  for (const [index, stage] of metrics.entries()) {
    const calls = handled[index]?.size ?? 0;
    const failures = [...thrown.keys()].filter((key) => key.endsWith(`@${stage.stage}`)).length;
    expect(
      { processed: stage.processed, failed: stage.failed, size: stage.size, inFlight: stage.inFlight },
      `metrics of '${stage.stage}' after close() ${context}`,
    ).toEqual({ processed: calls - failures, failed: failures, size: 0, inFlight: 0 });
  }
}

describe(L4, () => {
  describe('Pipeline.close()', () => {
    it.each(['after the last put', 'while producers are still putting'] as const)(
      'close() %s loses nothing: with several workers per stage and random delays, every item put is read, dead-lettered or filtered, exactly once',
      async (when) => {
        await ledgerRun(when);
      },
    );
  });
});
