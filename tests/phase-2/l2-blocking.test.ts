import { afterEach, describe, expect, it, vi } from 'vitest';
import type { tagged } from '../../harness/engine/ledger.ts';
import { describeOutcome, expectPending, expectRejected, expectResolved, settle, watch } from '../../harness/engine/promises.ts';
import { runScenario } from '../../harness/engine/scenario.ts';
import { L2 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { BUFFERS, filled } from './buffers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe(L2, () => {
  for (const kind of BUFFERS) {
    describe(kind.name, () => {
      it('a put on a full buffer waits until a take frees a slot', async () => {
        vi.useFakeTimers();
        const buffer = filled(kind, 1, ['a']);
        const putting = watch(buffer.put('b'));
        await settle();
        expectPending(putting, "put('b') on a full buffer");
        expect(await buffer.take(), 'take()').toBe('a');
        await settle();
        expectResolved(putting, "put('b') after a take freed the slot");
        expect(buffer.poll(), "the item put('b') inserted").toBe('b');
      });

      it('a take on an empty buffer waits until a put brings an item', async () => {
        vi.useFakeTimers();
        const buffer = kind.create<string>(2);
        const taking = watch(buffer.take());
        await settle();
        expectPending(taking, 'take() on an empty buffer');
        await buffer.put('x');
        await settle();
        expectResolved(taking, "take() after put('x')", 'x');
        expect(buffer.size, 'size').toBe(0);
      });

      it('a take that timed out consumed nothing: an item put later is still there', async () => {
        vi.useFakeTimers();
        const buffer = kind.create<string>(2);
        const taking = watch(buffer.take({ timeoutMs: 50 }));
        await vi.advanceTimersByTimeAsync(50);
        await settle();
        expectRejected(taking, 'take({ timeoutMs: 50 }) after 50 ms', 'TimeoutError');
        await buffer.put('late');
        await settle();
        expect(buffer.size, "size after put('late')").toBe(1);
        expect(buffer.poll(), "poll() after put('late'): the timed-out take must not have taken it").toBe('late');
      });

      it('a put that timed out inserted nothing, and the capacity is unchanged after timeouts', async () => {
        vi.useFakeTimers();
        const buffer = filled(kind, 2, ['a', 'b']);
        const timedOut = ['c', 'd', 'e'].map((item) => watch(buffer.put(item, { timeoutMs: 20 })));
        await vi.advanceTimersByTimeAsync(20);
        await settle();
        for (const putting of timedOut) expectRejected(putting, 'a put({ timeoutMs: 20 }) on a full buffer', 'TimeoutError');
        expect(buffer.offer('f'), 'offer() on the still-full buffer').toBe(false);
        const drained: string[] = [];
        buffer.drainTo(drained);
        expect(drained, 'the contents: only what was put before the timeouts').toEqual(['a', 'b']);
        const accepted = ['g', 'h', 'i'].map((item) => buffer.offer(item));
        if (buffer.size > 2)
          fail(
            `after 3 timed-out puts, a buffer of capacity 2 accepted ${buffer.size} items: a timed-out put must give back nothing it did not take (a permit released twice?)`,
          );
        expect(accepted, 'three offers into an empty buffer of capacity 2').toEqual([true, true, false]);
      });

      it('a timed put that keeps losing the race gives up when its own timeout ends, not later', async () => {
        vi.useFakeTimers();
        const buffer = filled(kind, 1, ['a']);
        const putting = watch(buffer.put('b', { timeoutMs: 100 }));
        await vi.advanceTimersByTimeAsync(60);
        buffer.poll();
        const overtaken = buffer.offer('c');
        await vi.advanceTimersByTimeAsync(40);
        await settle();
        if (overtaken) expectRejected(putting, "put('b', { timeoutMs: 100 }), overtaken at 60 ms, at 100 ms", 'TimeoutError');
        else expectResolved(putting, "put('b', { timeoutMs: 100 }) after poll() freed the slot at 60 ms");
      });

      it('a timed take that keeps losing the race gives up when its own timeout ends, not later', async () => {
        vi.useFakeTimers();
        const buffer = kind.create<string>(1);
        const taking = watch(buffer.take({ timeoutMs: 100 }));
        await vi.advanceTimersByTimeAsync(60);
        buffer.offer('x');
        const overtaken = buffer.poll() !== undefined;
        await vi.advanceTimersByTimeAsync(40);
        await settle();
        if (overtaken) {
          if (taking.current.state === 'pending') {
            fail(
              "take({ timeoutMs: 100 }) is still waiting at 100 ms: it was woken at 60 ms by offer('x'), poll() took 'x' first, and it went back to waiting with a fresh timeout. Compute the deadline once, before the first wait, and wait only for what is left of it.",
            );
          }
          expectRejected(taking, 'take({ timeoutMs: 100 }), overtaken at 60 ms, at 100 ms', 'TimeoutError');
        } else {
          expectResolved(taking, "take({ timeoutMs: 100 }) after offer('x') at 60 ms", 'x');
        }
      });

      it('a put cancelled while waiting never inserts its item, and a retry inserts exactly one copy', async () => {
        vi.useFakeTimers();
        const buffer = filled(kind, 1, ['a']);
        const controller = new AbortController();
        const putting = watch(buffer.put('b', { signal: controller.signal }));
        await settle();
        controller.abort(new Error('user cancelled'));
        await settle();
        expectRejected(putting, 'the aborted put()', { reason: controller.signal.reason });
        expect(await buffer.take(), 'take()').toBe('a');
        await buffer.put('b');
        await settle();
        const rest: string[] = [];
        buffer.drainTo(rest);
        expect(rest, "the contents after the retry of put('b')").toEqual(['b']);
      });

      it('a woken taker checks again: a taker that got the mutex first may take the item', async () => {
        const buffer = kind.create<string>(1);
        const first = watch(buffer.take());
        await settle();
        const putting = buffer.put('x');
        const second = watch(buffer.take());
        await putting;
        await settle();
        for (const [name, taking] of [
          ['first', first],
          ['second', second],
        ] as const) {
          if (taking.current.state === 'fulfilled' && taking.current.value === undefined) {
            fail(
              `the ${name} take() resolved with undefined: it went on after a wake-up without checking that an item was still there. Wait in a while loop, not an if.`,
            );
          }
        }
        await buffer.put('y');
        await settle();
        const values = [first, second].map((taking) =>
          taking.current.state === 'fulfilled' ? taking.current.value : describeOutcome(taking.current),
        );
        expect(values.sort(), 'what the two takes received').toEqual(['x', 'y']);
      });

      it('a taker aborted just after it was signalled either takes the item or leaves it: nothing is lost', async () => {
        const buffer = kind.create<string>(2);
        const controller = new AbortController();
        const first = watch(buffer.take({ signal: controller.signal }));
        const second = watch(buffer.take());
        await settle();
        buffer.offer('x');
        controller.abort();
        await settle();
        const firstTook = first.current.state === 'fulfilled';
        if (!firstTook) expectRejected(first, 'the aborted take()', { reason: controller.signal.reason });
        if (!firstTook && second.current.state === 'pending' && buffer.size === 1) {
          fail(
            "item 'x' sits in the buffer while a take() waits: the aborted taker used up the wake-up meant for the next one. A waiter that was signalled must not give up, or must pass the signal on.",
          );
        }
        buffer.offer('y');
        await settle();
        expectResolved(second, 'the second take()');
        const delivered = [first, second].flatMap((taking) => (taking.current.state === 'fulfilled' ? [taking.current.value] : []));
        const left: string[] = [];
        buffer.drainTo(left);
        expect([...delivered, ...left].sort(), "'x' and 'y', each taken once or still in the buffer").toEqual(['x', 'y']);
      });

      it('one producer and one consumer move 2,000 items in order, nothing lost or duplicated', async () => {
        const buffer = kind.create<ReturnType<typeof tagged>>(2);
        const report = await runScenario(buffer, { producers: 1, consumers: 1, itemsPerProducer: 2000 });
        expect(report.maxSize, 'the largest size seen').toBeLessThanOrEqual(2);
      });
    });
  }
});
