/**
 * Time for the token bucket, circuit breaker and batch suites: fake timers plus a clock that
 * moves with them (pass `clock.now` to the code under test), and checks that nothing was left
 * behind (timers, abort listeners).
 */
import { getEventListeners } from 'node:events';
import { vi } from 'vitest';
import { settle } from '../../harness/engine/promises.ts';
import { fail } from '../../harness/testing/failures.ts';

/** Where the fake clock starts: not 0, so that "0 means never set" bugs cannot hide. */
const START = 1_000_000;

export interface FakeClock {
  /** The clock to inject: Date.now(), which moves with the fake timers. */
  readonly now: () => number;
  /** Milliseconds since the test started its clock. */
  readonly elapsed: number;
  /** Moves time forward by `ms`, firing every timer due on the way, then lets promises settle. */
  advance(ms: number): Promise<void>;
  /** Moves time forward to `ms` since the start. */
  advanceTo(ms: number): Promise<void>;
}

/** Installs fake timers (restore them with vi.useRealTimers() in afterEach). */
export function fakeClock(): FakeClock {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  const clock: FakeClock = {
    now: () => Date.now(),
    get elapsed() {
      return Date.now() - START;
    },
    async advance(ms) {
      await vi.advanceTimersByTimeAsync(ms);
      await settle();
    },
    async advanceTo(ms) {
      if (ms < clock.elapsed) throw new Error(`advanceTo(${ms}) would go back in time (now ${clock.elapsed})`);
      await clock.advance(ms - clock.elapsed);
    },
  };
  return clock;
}

/** Fails unless no timer is pending and `signal` (when given) has no abort listener left. */
export function expectNothingLeft(after: string, signal?: AbortSignal): void {
  const timers = vi.getTimerCount();
  if (timers > 0) {
    fail(`${after}, ${timers} timer(s) were still pending: clear every timer once its waiter is served or gives up (clearTimeout).`);
  }
  const listeners = signal ? getEventListeners(signal, 'abort').length : 0;
  if (listeners > 0) {
    fail(
      `${after}, the caller's signal still had ${listeners} abort listener(s): remove yours (removeEventListener) on every path, or a long-lived signal leaks memory with every call.`,
    );
  }
}
