/**
 * Liveness without a wall clock: a run is stuck only when nothing can move any more. The
 * detector lets the event loop turn (real `setImmediate`s, so pending I/O callbacks,
 * `MessageChannel` messages and the code's own `setImmediate` yields get their turns) and
 * declares the run stuck once `TURNS` turns in a row saw no activity while the code under
 * test had no timer or `setImmediate` pending (./code-timers.ts). How long that takes in real time does not
 * matter: a busy machine makes the turns slower, not fewer, so load cannot turn a slow run
 * into a verdict. A short real-time floor on top only makes the verdict later, never
 * different. What counts as activity is the caller's (operations completed) or, by default,
 * any promise settling anywhere in the process.
 */
import { promiseHooks } from 'node:v8';
import { codeImmediatesPending, codeTimersPending } from './code-timers.ts';
import { DeadlockError } from './deadlock.ts';
import { nextTurn, realClearTimeout, realNow, realSetImmediate, realSetTimeout } from './real-time.ts';

/** Turns of the event loop in a row with no activity before a run counts as stuck. */
const TURNS = 2_000;
/** And at least this long (it only delays a verdict: while anything moves, it never comes). */
const FLOOR_MS = 300;
/** Once the turns are counted, how often the floor is checked (no busy spinning while waiting). */
const RECHECK_MS = 25;

export interface Stall {
  stop(): void;
}

/**
 * Calls `onStuck` once the run is stuck: `activity()` has not changed for `TURNS` turns and
 * `FLOOR_MS`, and nothing of the code under test is pending. `stop()` ends the watch.
 */
export function watchForStall(activity: () => number, onStuck: () => void): Stall {
  let stopped = false;
  let timer: ReturnType<typeof realSetTimeout> | undefined;
  let seen = activity();
  let quietTurns = 0;
  let quietSince = realNow();
  const check = () => {
    if (stopped) return;
    const now = activity();
    const waitingOnTimers = codeTimersPending() > 0;
    if (now !== seen || waitingOnTimers) {
      seen = now;
      quietTurns = 0;
      quietSince = realNow();
    } else {
      quietTurns++;
    }
    if (waitingOnTimers) {
      // The code waits on a timer of its own: no verdict before it has fired.
      timer = realSetTimeout(check, 1);
    } else if (quietTurns < TURNS) {
      realSetImmediate(check);
    } else if (realNow() - quietSince < FLOOR_MS) {
      timer = realSetTimeout(check, RECHECK_MS);
    } else {
      stopped = true;
      onStuck();
    }
  };
  realSetImmediate(check);
  return {
    stop() {
      stopped = true;
      realClearTimeout(timer);
    },
  };
}

/** Counts every promise that settles in the process while `body` runs: activity of any kind. */
export async function countingSettlements<T>(body: (settled: () => number) => Promise<T>): Promise<T> {
  let settled = 0;
  const stop = promiseHooks.onSettled(() => {
    settled++;
  });
  try {
    return await body(() => settled);
  } finally {
    stop();
  }
}

/** Resolves with `work`, or rejects with `stuck()` once `activity()` shows nothing can move any more while it is pending. */
export function untilSettled<T>(work: Promise<T>, activity: () => number, stuck: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const watch = watchForStall(activity, () => reject(stuck()));
    work.then(
      (value) => {
        watch.stop();
        resolve(value);
      },
      (error: unknown) => {
        watch.stop();
        reject(error);
      },
    );
  });
}

/**
 * Resolves with `work`, or rejects with `stuck()` (an error that says who waits on what) once
 * nothing in the process can move any more while `work` is still pending.
 */
export function settleOrStuck<T>(work: Promise<T>, stuck: () => Error): Promise<T> {
  return countingSettlements((settled) => untilSettled(work, settled, stuck));
}

/** Resolves with `work`, or fails with a DeadlockError saying `message()` once nothing can move any more. */
export function finishOrStuck<T>(work: Promise<T>, message: () => string): Promise<T> {
  return settleOrStuck(work, () => new DeadlockError(`deadlock: ${message()}`));
}

/**
 * For a world whose own clock is fake (L5): gives real macrotasks their turns (a
 * `setImmediate` or timer the code captured before the fake timers were installed, I/O,
 * `MessageChannel`) until `moved()` says something happened, or until nothing real is
 * pending and a few turns changed nothing. Returns whether anything moved.
 */
export async function realWorkMoved(moved: () => boolean): Promise<boolean> {
  for (let quiet = 0; quiet < 3; ) {
    await nextTurn();
    if (moved()) return true;
    if (codeTimersPending() > 0) await new Promise((resolve) => realSetTimeout(resolve, 1));
    else if (codeImmediatesPending() === 0) quiet++;
  }
  return false;
}
