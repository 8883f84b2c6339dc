/**
 * A buffer whose timed waits leave nothing behind: 100 timed operations that each waited
 * and then completed (a take on an empty buffer, a put on a full one) must leave no timer
 * and no abort listener registered. Every value is checked as it goes, so a buffer that
 * does nothing cannot pass. Written once for every buffer with put/take(options).
 */
import { getEventListeners } from 'node:events';
import { expect, vi } from 'vitest';
import { fail } from '../testing/failures.ts';
import { expectResolved, settle, watch } from './promises.ts';

interface TimedOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export interface TimedBuffer<T> {
  put(item: T, options: TimedOptions): Promise<unknown>;
  take(options: TimedOptions): Promise<T>;
}

/**
 * On a buffer of capacity 1, under fake timers: 50 rounds of a take that waits for a put,
 * then a put that waits for a take. `item(i, second)` makes round i's first and second item.
 */
export async function expectTimedWaitsLeaveNothing<T>(buffer: TimedBuffer<T>, item: (round: number, second: boolean) => T): Promise<void> {
  const controller = new AbortController();
  const options = { timeoutMs: 60_000, signal: controller.signal };
  for (let i = 0; i < 50; i++) {
    const taking = watch(buffer.take(options));
    await settle();
    await buffer.put(item(i, false), options);
    const putting = watch(buffer.put(item(i, true), options));
    await settle();
    expectResolved(taking, `take number ${i + 1}`, item(i, false));
    expect(await buffer.take(options), `the take after put number ${i + 1}`).toBe(item(i, true));
    await settle();
    expectResolved(putting, `put number ${i + 1}`);
  }
  const timers = vi.getTimerCount();
  const listeners = getEventListeners(controller.signal, 'abort').length;
  if (timers > 0 || listeners > 0) {
    fail(
      `after 100 timed operations that waited and then completed, ${timers} timer(s) and ${listeners} abort listener(s) are still registered: every wait must clear its timer and remove its abort listener when it ends.`,
    );
  }
}
