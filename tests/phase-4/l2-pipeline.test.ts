import { getEventListeners } from 'node:events';
import { Pipeline, type StageMetrics } from '@target/04-backpressure-and-work-stealing/pipeline.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectPending, expectRejected, expectResolved, settle, type Watched, watch } from '../../harness/engine/promises.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { Gate, readAll } from './pipeline-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

const identity = (item: unknown) => item;

/** Fails unless every stage's buffer is within its capacity (size and high-water mark). */
function expectWithinCapacity(metrics: readonly StageMetrics[], when: string): void {
  for (const stage of metrics) {
    if (stage.size > stage.capacity || stage.highWaterMark > stage.capacity) {
      fail(
        `${when}: stage '${stage.stage}' holds ${stage.size} item(s) (high-water mark ${stage.highWaterMark}) in a buffer of capacity ${stage.capacity}. A stage must wait for room downstream instead of overfilling the buffer ahead.`,
      );
    }
  }
}

/** Puts 1, 2, 3... one at a time until a put stays pending; returns how many were accepted and the waiting put. */
async function fillUntilBlocked(pipeline: Pipeline<number, unknown>, limit: number) {
  for (let n = 1; n <= limit; n++) {
    const putting = watch(pipeline.put(n));
    await settle();
    expectWithinCapacity(pipeline.metrics(), `after put(${n})`);
    if (putting.current.state === 'pending') return { accepted: n - 1, waiting: putting };
    expectResolved(putting, `put(${n}) while the pipeline still had room`);
  }
  return fail(`${limit} puts into a pipeline whose last stage never returns all went through: put() must wait once every buffer is full`);
}

function expectAllResolved(puts: { current: Watched<void> }[], what: string): void {
  for (const putting of puts) expectResolved(putting, what);
}

describe(L2, () => {
  describe('Pipeline backpressure', () => {
    it('a slow last stage fills every buffer upstream to capacity, never beyond, and then put() waits', async () => {
      const slow = new Gate();
      const pipeline = new Pipeline<number, unknown>({
        stages: [
          { name: 'a', handler: identity, capacity: 2 },
          { name: 'b', handler: identity, capacity: 3 },
          { name: 'c', handler: slow.handler, capacity: 2 },
        ],
      });
      const { accepted, waiting } = await fillUntilBlocked(pipeline, 30);
      if (accepted !== 10) {
        fail(
          `with buffers of capacity 2, 3 and 2 and one worker per stage, exactly 10 items fit (7 in the buffers, 1 held by each worker); put() waited after ${accepted}`,
        );
      }
      const metrics = pipeline.metrics();
      expect(
        metrics.map(({ stage, size, highWaterMark, inFlight }) => ({ stage, size, highWaterMark, inFlight })),
        'metrics() with the last stage stuck: every buffer full, each worker holding one item',
      ).toEqual([
        { stage: 'a', size: 2, highWaterMark: 2, inFlight: 1 },
        { stage: 'b', size: 3, highWaterMark: 3, inFlight: 1 },
        { stage: 'c', size: 2, highWaterMark: 2, inFlight: 1 },
      ]);
      const reader = readAll(pipeline);
      slow.release();
      await settle();
      expectResolved(waiting, 'put(11) once the last stage finished one item and every stage moved up by one');
      expectWithinCapacity(pipeline.metrics(), 'after the last stage finished one item');
      const closing = watch(pipeline.close());
      for (let i = 2; i <= 11; i++) {
        expectPending(closing, `close() with ${12 - i} item(s) still to finish in the last stage`);
        slow.release();
        await settle();
        expectWithinCapacity(pipeline.metrics(), `after the last stage finished item ${i}`);
      }
      expectResolved(closing, 'close() once the last item was read');
      expect(reader.items, 'what the reader received').toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    });

    it('a reader that stops reading makes put() wait: the output buffer is the last link of the chain', async () => {
      const pipeline = new Pipeline<number, unknown>({ stages: [{ name: 'a', handler: identity, capacity: 2 }], outputCapacity: 2 });
      const { accepted, waiting } = await fillUntilBlocked(pipeline, 20);
      if (accepted !== 5) {
        fail(
          `with nobody reading, 5 items fit (2 in the output buffer, 1 held by the worker, 2 in the stage's buffer); put() waited after ${accepted}`,
        );
      }
      const outputs = pipeline[Symbol.asyncIterator]();
      expect(await outputs.next(), 'the first read').toEqual({ done: false, value: 1 });
      await settle();
      expectResolved(waiting, 'put(6) once the reader took one output');
    });

    it('a put that times out while the pipeline is full never enters it, and leaves no timer behind', async () => {
      vi.useFakeTimers();
      const slow = new Gate();
      const pipeline = new Pipeline<number, unknown>({ stages: [{ name: 'a', handler: slow.handler, capacity: 1 }] });
      await pipeline.put(1);
      await pipeline.put(2);
      const late = watch(pipeline.put(3, { timeoutMs: 50 }));
      await vi.advanceTimersByTimeAsync(50);
      await settle();
      expectRejected(late, 'put(3, { timeoutMs: 50 }) on a full pipeline, 50 ms later', 'TimeoutError');
      expect(vi.getTimerCount(), 'timers left after the put timed out').toBe(0);
      const reader = readAll(pipeline);
      const closing = watch(pipeline.close());
      slow.release();
      await settle();
      slow.release();
      await settle();
      expectResolved(closing, 'close()');
      expect(reader.items, 'what came out: 3 timed out, so it never went in').toEqual([1, 2]);
    });

    it('a put aborted while the pipeline is full rejects with signal.reason, never enters, and removes its listener', async () => {
      const slow = new Gate();
      const pipeline = new Pipeline<number, unknown>({ stages: [{ name: 'a', handler: slow.handler, capacity: 1 }] });
      await pipeline.put(1);
      await pipeline.put(2);
      const controller = new AbortController();
      const late = watch(pipeline.put(3, { signal: controller.signal }));
      await settle();
      expectPending(late, 'put(3) on a full pipeline');
      controller.abort();
      await settle();
      expectRejected(late, 'the aborted put(3)', { reason: controller.signal.reason });
      expect(getEventListeners(controller.signal, 'abort').length, 'abort listeners left on the signal').toBe(0);
      const reader = readAll(pipeline);
      const closing = watch(pipeline.close());
      slow.release();
      await settle();
      slow.release();
      await settle();
      expectResolved(closing, 'close()');
      expect(reader.items, 'what came out: 3 was aborted, so it never went in').toEqual([1, 2]);
    });
  });

  describe('Pipeline.close()', () => {
    it('settles only after the last item left the last stage and was read', async () => {
      const slow = new Gate();
      const pipeline = new Pipeline<number, unknown>({
        stages: [
          { name: 'fast', handler: identity },
          { name: 'slow', handler: slow.handler },
        ],
      });
      const puts = [1, 2, 3].map((n) => watch(pipeline.put(n)));
      await settle();
      expectAllResolved(puts, 'a put() into a pipeline with room');
      const closing = watch(pipeline.close());
      await settle();
      expect(pipeline.closed, 'closed right after close()').toBe(true);
      for (const n of [1, 2, 3]) {
        expectPending(closing, `close() while item ${n} is still in the slow stage`);
        slow.release();
        await settle();
      }
      expectPending(closing, 'close() while the last output waits for a reader (close() settles once everything was read)');
      const reader = readAll(pipeline);
      await settle();
      expectResolved(closing, 'close() once the reader took the last output');
      expectResolved(reader.done, 'the for await loop after the pipeline closed and emptied');
      expect(reader.items, 'what the reader received').toEqual([1, 2, 3]);
    });

    it('drains stage by stage: items waiting in the first buffer at close() still pass every later stage', async () => {
      const first = new Gate();
      const last = new Gate();
      const pipeline = new Pipeline<number, unknown>({
        stages: [
          { name: 'first', handler: first.handler, capacity: 4 },
          { name: 'middle', handler: identity, capacity: 1 },
          { name: 'last', handler: last.handler, capacity: 1 },
        ],
      });
      for (const n of [1, 2, 3, 4, 5]) await pipeline.put(n);
      const reader = readAll(pipeline);
      const closing = watch(pipeline.close());
      await settle();
      for (let step = 0; step < 5; step++) {
        if (first.waiting.length > 0) first.release();
        await settle();
        if (last.waiting.length > 0) last.release();
        await settle();
      }
      expectResolved(closing, 'close() once all 5 items went through (the first stage had 4 buffered when close() was called)');
      expect(reader.items, 'what the reader received: nothing may be lost because a later stage was closed too early').toEqual([
        1, 2, 3, 4, 5,
      ]);
    });
  });
});
