import { Pipeline, type PipelineOptions, type StageOptions } from '@target/04-backpressure-and-work-stealing/pipeline.ts';
import { describe, expect, it } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { L1 } from '../../harness/levels.ts';
import { expectThrows, fail } from '../../harness/testing/failures.ts';
import { Gate, manualClock, readAll } from './pipeline-support.ts';

const identity = (item: unknown) => item;

/** Puts `items`, closes, reads everything; fails with a clear message if close() does not settle. */
async function pushThrough<In, Out>(pipeline: Pipeline<In, Out>, items: readonly In[]): Promise<Out[]> {
  const reader = readAll(pipeline);
  for (const item of items) await pipeline.put(item);
  const closing = watch(pipeline.close());
  await settle();
  expectResolved(closing, `close() after ${items.length} item(s) put and a reader reading`);
  expectResolved(reader.done, 'the for await loop over the pipeline after close() settled');
  return reader.items;
}

const BAD_OPTIONS: [string, string, () => PipelineOptions, string[]][] = [
  ['no stages', 'TypeError', () => ({ stages: [] }), ['stages']],
  ['an empty stage name', 'TypeError', () => ({ stages: [{ name: '', handler: identity }] }), ['name']],
  [
    'a stage name used twice',
    'TypeError',
    () => ({
      stages: [
        { name: 'parse', handler: identity },
        { name: 'parse', handler: identity },
      ],
    }),
    ['name', 'parse'],
  ],
  [
    'a handler that is not a function',
    'TypeError',
    () => ({ stages: [{ name: 'a', handler: 42 } as unknown as StageOptions] }),
    ['handler'],
  ],
  ['workers: 0', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity, workers: 0 }] }), ['workers', '0']],
  ['workers: 1.5', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity, workers: 1.5 }] }), ['workers', '1.5']],
  ['workers: -2', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity, workers: -2 }] }), ['workers', '-2']],
  ['workers: NaN', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity, workers: Number.NaN }] }), ['workers', 'NaN']],
  ['capacity: 0', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity, capacity: 0 }] }), ['capacity', '0']],
  ['capacity: 2.5', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity, capacity: 2.5 }] }), ['capacity', '2.5']],
  ['capacity: 2^30 + 1', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity, capacity: 2 ** 30 + 1 }] }), ['capacity']],
  ['outputCapacity: 0', 'RangeError', () => ({ stages: [{ name: 'a', handler: identity }], outputCapacity: 0 }), ['outputCapacity', '0']],
];

describe(L1, () => {
  describe('Pipeline constructor', () => {
    it('creates one metrics entry per stage, all zero, with capacity 16 unless given', () => {
      const pipeline = new Pipeline({
        stages: [
          { name: 'parse', handler: identity },
          { name: 'store', handler: identity, capacity: 3, workers: 2 },
        ],
      });
      const zero = { size: 0, highWaterMark: 0, processed: 0, failed: 0, filtered: 0, inFlight: 0, throughput: 0 };
      expect(pipeline.metrics(), 'metrics() of a new pipeline').toEqual([
        { stage: 'parse', capacity: 16, ...zero },
        { stage: 'store', capacity: 3, ...zero },
      ]);
      expect([pipeline.closed, pipeline.deadLetters], '[closed, deadLetters] of a new pipeline').toEqual([false, []]);
    });

    it.each(BAD_OPTIONS)('rejects %s with a %s naming the option and the value', (_, name, options, mentions) => {
      const given = options();
      expectThrows(`new Pipeline(${JSON.stringify(given)})`, () => new Pipeline(given), {
        name,
        mentions,
        example: 'stages[1].workers must be a positive integer, got 0',
      });
    });
  });

  describe('Pipeline.put()', () => {
    it('with one stage, every item comes out of the pipeline transformed, in the order it went in', async () => {
      const pipeline = new Pipeline<number, number>({ stages: [{ name: 'square', handler: async (n: number) => n * n }] });
      expect(await pushThrough(pipeline, [1, 2, 3, 4]), 'what the reader received').toEqual([1, 4, 9, 16]);
    });

    it('two stages of different types chain: each output is the next stage input', async () => {
      const pipeline = new Pipeline<string, number>({
        stages: [
          { name: 'parse', handler: (text: string) => Number.parseInt(text, 10) },
          { name: 'double', handler: async (n: number) => n * 2 },
        ],
      });
      expect(await pushThrough(pipeline, ['1', '20', '300']), 'what the reader received').toEqual([2, 40, 600]);
    });

    it('a chain of three single-worker stages keeps the order of 50 items', async () => {
      const tag = (label: string) => async (item: string) => `${item}${label}`;
      const pipeline = new Pipeline<string, string>({
        stages: [
          { name: 'a', handler: tag('a'), capacity: 2 },
          { name: 'b', handler: tag('b'), capacity: 1 },
          { name: 'c', handler: tag('c'), capacity: 3 },
        ],
        outputCapacity: 2,
      });
      const items = Array.from({ length: 50 }, (_, i) => `#${i}:`);
      const out = await pushThrough(pipeline, items);
      expect(out, 'outputs, each tagged by stages a, b and c, in the order put').toEqual(items.map((item) => `${item}abc`));
    });

    it('rejects undefined with a TypeError: undefined is what a handler returns to filter an item out', async () => {
      const pipeline = new Pipeline<unknown>({ stages: [{ name: 'a', handler: identity }] });
      const putting = watch(pipeline.put(undefined));
      await settle();
      expectRejected(putting, 'put(undefined)', 'TypeError');
    });

    it('after close() rejects with BufferClosedError', async () => {
      const pipeline = new Pipeline<number>({ stages: [{ name: 'a', handler: identity }] });
      await pipeline.close();
      expect(pipeline.closed, 'closed after close()').toBe(true);
      const putting = watch(pipeline.put(1));
      await settle();
      expectRejected(putting, 'put(1) after close()', 'BufferClosedError');
    });
  });

  describe('Pipeline handlers', () => {
    it('a handler that returns undefined filters the item out, and metrics() counts it in filtered', async () => {
      const pipeline = new Pipeline<number, number>({
        stages: [
          { name: 'evens', handler: (n: number) => (n % 2 === 0 ? n : undefined) },
          { name: 'tenfold', handler: (n: number) => n * 10 },
        ],
      });
      expect(await pushThrough(pipeline, [1, 2, 3, 4, 5]), 'what the reader received').toEqual([20, 40]);
      const [evens, tenfold] = pipeline.metrics();
      expect([evens?.processed, evens?.filtered, evens?.failed], 'evens: [processed, filtered, failed]').toEqual([5, 3, 0]);
      expect([tenfold?.processed, tenfold?.filtered], 'tenfold: [processed, filtered]').toEqual([2, 0]);
      expect(pipeline.deadLetters, 'deadLetters: filtering is not failing').toEqual([]);
    });

    it('a handler that throws sends the item to deadLetters with its error and stage name, and the rest flows on', async () => {
      const boom = new Error('boom on 2');
      const pipeline = new Pipeline<number, number>({
        stages: [
          { name: 'check', handler: identity },
          {
            name: 'risky',
            handler: async (n: number) => {
              if (n === 2) throw boom;
              if (n === 4) throw new RangeError('sync-looking throw on 4');
              return n;
            },
          },
        ],
      });
      expect(await pushThrough(pipeline, [1, 2, 3, 4, 5]), 'what the reader received').toEqual([1, 3, 5]);
      const letters = pipeline.deadLetters;
      if (letters.length !== 2) {
        fail(`2 items (2 and 4) threw in stage 'risky' and should be in deadLetters, found ${letters.length}: ${JSON.stringify(letters)}`);
      }
      expect(letters[0], 'the first dead letter').toEqual({ item: 2, stage: 'risky', error: boom });
      expect([letters[1]?.item, letters[1]?.stage, (letters[1]?.error as Error | undefined)?.name], 'the second dead letter').toEqual([
        4,
        'risky',
        'RangeError',
      ]);
      const risky = pipeline.metrics()[1];
      expect([risky?.processed, risky?.failed], "stage 'risky': [processed, failed]").toEqual([3, 2]);
    });

    it('a handler that throws synchronously is treated like one that rejects', async () => {
      const pipeline = new Pipeline<number, number>({
        stages: [
          {
            name: 'sync',
            handler: (n: number) => {
              if (n === 1) throw new Error('no ones');
              return n;
            },
          },
        ],
      });
      expect(await pushThrough(pipeline, [1, 2]), 'what the reader received').toEqual([2]);
      expect(
        pipeline.deadLetters.map((letter) => [letter.item, letter.stage]),
        'deadLetters as [item, stage]',
      ).toEqual([[1, 'sync']]);
    });
  });

  describe('Pipeline.close()', () => {
    it('on an idle pipeline settles, ends the for await loop, and can be called again', async () => {
      const pipeline = new Pipeline<number>({ stages: [{ name: 'a', handler: identity }] });
      const reader = readAll(pipeline);
      const first = watch(pipeline.close());
      const second = watch(pipeline.close());
      await settle();
      expectResolved(first, 'close() on an idle pipeline');
      expectResolved(second, 'a second close()');
      expectResolved(reader.done, 'the for await loop after close()');
    });
  });

  describe('Pipeline.run()', () => {
    it('feeds an array, closes the pipeline, and settles once everything was read', async () => {
      const pipeline = new Pipeline<number, number>({ stages: [{ name: 'inc', handler: (n: number) => n + 1 }], outputCapacity: 1 });
      const running = watch(pipeline.run([1, 2, 3]));
      await settle();
      expectPending(running, 'run([1, 2, 3]) while nobody read the outputs');
      const reader = readAll(pipeline);
      await settle();
      expectResolved(running, 'run([1, 2, 3]) once the reader took every output');
      expect([reader.items, pipeline.closed], '[what the reader received, closed]').toEqual([[2, 3, 4], true]);
    });

    it('feeds an async generator', async () => {
      async function* numbers() {
        for (let i = 1; i <= 3; i++) {
          await Promise.resolve();
          yield i;
        }
      }
      const pipeline = new Pipeline<number, number>({ stages: [{ name: 'neg', handler: (n: number) => -n }] });
      const reader = readAll(pipeline);
      const running = watch(pipeline.run(numbers()));
      await settle();
      expectResolved(running, 'run(numbers())');
      expect(reader.items, 'what the reader received').toEqual([-1, -2, -3]);
    });

    it('a source that throws makes run() reject with its error, after closing: what was put still comes out', async () => {
      const broken = new Error('source broke');
      function* source() {
        yield 1;
        yield 2;
        throw broken;
      }
      const pipeline = new Pipeline<number, number>({ stages: [{ name: 'a', handler: identity }] });
      const reader = readAll(pipeline);
      const running = watch(pipeline.run(source()));
      await settle();
      expectRejected(running, 'run() over a source that throws', { reason: broken });
      expect(pipeline.closed, 'closed after the source threw (or the reader would wait forever)').toBe(true);
      expectResolved(reader.done, 'the for await loop after run() closed the pipeline');
      expect(reader.items, 'what the reader received').toEqual([1, 2]);
    });
  });

  describe('Pipeline.metrics()', () => {
    it('counts processed and failed per stage and computes throughput from the injected clock', async () => {
      const clock = manualClock(1000);
      const gate = new Gate();
      const pipeline = new Pipeline<number, unknown>({ stages: [{ name: 'slow', handler: gate.handler }], now: clock.now });
      const reader = readAll(pipeline);
      for (const n of [1, 2, 3, 4, 5]) await pipeline.put(n);
      await settle();
      expect(pipeline.metrics()[0]?.throughput, 'throughput before any call returned').toBe(0);
      clock.advance(500);
      gate.release();
      await settle();
      clock.advance(500);
      gate.fail(new Error('two fails'));
      await settle();
      expect(pipeline.metrics()[0], 'metrics at t = 1 s after the first call: 1 processed, 1 failed').toMatchObject({
        processed: 1,
        failed: 1,
        throughput: 1,
      });
      clock.advance(500);
      gate.release();
      await settle();
      clock.advance(500);
      gate.release();
      await settle();
      gate.release(undefined);
      const closing = watch(pipeline.close());
      await settle();
      expectResolved(closing, 'close() once every call returned');
      expect(pipeline.metrics()[0], 'metrics at t = 2 s after the first call: 4 processed (1 filtered), 1 failed').toMatchObject({
        size: 0,
        highWaterMark: 4,
        processed: 4,
        failed: 1,
        filtered: 1,
        inFlight: 0,
        throughput: 2,
      });
      clock.advance(2000);
      const later = pipeline.metrics()[0]?.throughput;
      if (later !== 2) {
        fail(
          `throughput is measured up to the moment the stage finished (after close()), so 2 s later it should still be 2 items/s, got ${later}`,
        );
      }
      expect(reader.items, 'what the reader received').toEqual([1, 3, 4]);
    });
  });
});
