/**
 * Plays a timed script of calls against a token bucket and checks the log against exact
 * arithmetic. The checker counts whole milli-tokens (integer rates only), so it has no
 * rounding of its own, and it follows the bucket's actual grants: a grant must go to the head
 * of the queue, never before its tokens are all there, and at most 1 ms after (floating-point
 * dust in a bucket may cost a millisecond; an early grant or a longer delay is a bug).
 */
import type { TokenBucket } from '@target/04-backpressure-and-work-stealing/token-bucket.ts';
import { vi } from 'vitest';
import { settle } from '../../harness/engine/promises.ts';
import { describeError, fail } from '../../harness/testing/failures.ts';
import { expectNothingLeft, type FakeClock } from './limits-support.ts';

export type BucketCall =
  | { readonly at: number; readonly kind: 'acquire'; readonly n: number }
  | { readonly at: number; readonly kind: 'try'; readonly n: number }
  /** Aborts the `target`-th call of the script (if it is an acquire still waiting). */
  | { readonly at: number; readonly kind: 'abort'; readonly target: number };

/** What the bucket did, in the order it happened; `index` is the call's place in the script. */
export type BucketEvent =
  | { readonly at: number; readonly kind: 'acquire' | 'granted' | 'aborted'; readonly index: number; readonly n: number }
  | { readonly at: number; readonly kind: 'rejected'; readonly index: number; readonly n: number; readonly error: string }
  | { readonly at: number; readonly kind: 'try'; readonly index: number; readonly n: number; readonly ok: boolean };

/** Plays `script`; fails if more than `maxTimers` timers are ever pending at once. */
export async function playBucket(
  bucket: TokenBucket,
  clock: FakeClock,
  script: readonly BucketCall[],
  maxTimers = Number.POSITIVE_INFINITY,
): Promise<BucketEvent[]> {
  const log: BucketEvent[] = [];
  const controllers = new Map<number, AbortController>();
  const pending = new Set<number>();
  for (const [index, call] of script.entries()) {
    if (call.at > clock.elapsed) await clock.advanceTo(call.at);
    if (call.kind === 'acquire') {
      const { n } = call;
      const controller = new AbortController();
      controllers.set(index, controller);
      const acquiring = bucket.acquire(n, { signal: controller.signal });
      log.push({ at: clock.elapsed, kind: 'acquire', index, n });
      pending.add(index);
      acquiring.then(
        () => log.push({ at: clock.elapsed, kind: 'granted', index, n }),
        (error: unknown) => {
          if (error !== controller.signal.reason) log.push({ at: clock.elapsed, kind: 'rejected', index, n, error: describeError(error) });
        },
      );
      acquiring.then(
        () => pending.delete(index),
        () => pending.delete(index),
      );
    } else if (call.kind === 'try') {
      log.push({ at: clock.elapsed, kind: 'try', index, n: call.n, ok: bucket.tryAcquire(call.n) });
    } else if (pending.has(call.target)) {
      // Logged as it is called: the bucket may serve the next waiter before the aborted promise rejects.
      log.push({ at: clock.elapsed, kind: 'aborted', index: call.target, n: 0 });
      controllers.get(call.target)?.abort();
    }
    await settle();
    if (vi.getTimerCount() > maxTimers) {
      fail(
        `${vi.getTimerCount()} timers were pending at ${clock.elapsed} ms with no timeouts in play: keep one timer, for the head of the queue only.`,
      );
    }
  }
  for (let rounds = 0; pending.size > 0 && rounds < script.length; rounds++) await clock.advance(1000 * 1000);
  for (const controller of controllers.values()) expectNothingLeft('once every acquire() had settled', controller.signal);
  return log;
}

/** Describes the script for a failure message. */
export function describeScript(ratePerSec: number, burst: number, script: readonly BucketCall[]): string {
  const calls = script.map((call, index) => {
    const what = call.kind === 'abort' ? `abort #${call.target}` : `${call.kind === 'try' ? 'tryAcquire' : 'acquire'}(${call.n})`;
    return `#${index} ${what} at ${call.at}`;
  });
  return `rate ${ratePerSec}/s, burst ${burst}, starting full: ${calls.join(', ')}`;
}

/** Fails on the first event that exact arithmetic and arrival order do not allow. */
export function checkBucketLog(ratePerSec: number, burst: number, script: readonly BucketCall[], log: readonly BucketEvent[]): void {
  const where = `\nScript: ${describeScript(ratePerSec, burst, script)}`;
  const full = burst * 1000;
  let milli = full;
  let last = 0;
  const queue: { index: number; n: number; readyAt: number }[] = [];
  const tokens = () => `${milli / 1000} token(s)`;
  const timeHead = (t: number) => {
    const head = queue[0];
    if (head) head.readyAt = milli >= head.n * 1000 ? t : t + Math.ceil((head.n * 1000 - milli) / ratePerSec);
  };
  for (const event of log) {
    const { at, index, n } = event;
    milli = Math.min(full, milli + ratePerSec * (at - last));
    last = at;
    const call = `#${index} acquire(${n})`;
    switch (event.kind) {
      case 'acquire':
        queue.push({ index, n, readyAt: 0 });
        if (queue.length === 1) timeHead(at);
        break;
      case 'granted': {
        const head = queue[0];
        if (!queue.some((waiter) => waiter.index === index)) fail(`${call} was granted at ${at} ms, though it had been aborted.${where}`);
        if (!head || head.index !== index)
          fail(`${call} was granted at ${at} ms while #${head?.index} waited ahead of it: grants must follow arrival order.${where}`);
        if (milli < n * 1000)
          fail(
            `${call} was granted at ${at} ms with only ${tokens()} there: too early (they are all there at ${head.readyAt} ms).${where}`,
          );
        if (at > head.readyAt + 1)
          fail(`${call} was granted at ${at} ms, ${at - head.readyAt} ms late: its tokens were all there at ${head.readyAt} ms.${where}`);
        milli -= n * 1000;
        queue.shift();
        timeHead(at);
        break;
      }
      case 'aborted': {
        const place = queue.findIndex((waiter) => waiter.index === index);
        if (place >= 0) queue.splice(place, 1);
        if (place === 0) timeHead(at);
        break;
      }
      case 'rejected':
        fail(`${call} rejected at ${at} ms with ${event.error}; it had no timeout and was not aborted.${where}`);
        break;
      case 'try':
        if (event.ok && queue.length > 0)
          fail(
            `tryAcquire(${n}) (#${index}) returned true at ${at} ms while #${queue[0]?.index} waited: it must not jump the queue.${where}`,
          );
        if (event.ok && milli < n * 1000)
          fail(`tryAcquire(${n}) (#${index}) returned true at ${at} ms with only ${tokens()} there.${where}`);
        // Within a millisecond of the boundary either answer is fine (floating-point dust).
        if (!event.ok && queue.length === 0 && milli >= n * 1000 + ratePerSec) {
          fail(`tryAcquire(${n}) (#${index}) returned false at ${at} ms with ${tokens()} there and nobody waiting.${where}`);
        }
        if (event.ok) milli -= n * 1000;
        break;
    }
  }
  const stuck = queue[0];
  if (stuck) fail(`#${stuck.index} acquire(${stuck.n}) never resolved, though its tokens were all there at ${stuck.readyAt} ms.${where}`);
}

/** Fails if some window of time granted more than burst + rate × its length. */
export function checkWindows(ratePerSec: number, burst: number, grants: readonly { at: number; n: number }[], where: string): void {
  const sorted = [...grants].sort((a, b) => a.at - b.at);
  for (const [i, { at: from }] of sorted.entries()) {
    let sum = 0;
    for (const { at, n } of sorted.slice(i)) {
      sum += n;
      const allowed = burst + (ratePerSec * (at - from)) / 1000;
      if (sum > allowed + 1e-6) {
        fail(
          `from ${from} ms to ${at} ms the bucket granted ${sum} tokens, but at most burst + rate × time = ${allowed} can exist in that window.${where}`,
        );
      }
    }
  }
}

/** The grants of a log (acquire and tryAcquire alike), for checkWindows. */
export function grantsOf(log: readonly BucketEvent[]): { at: number; n: number }[] {
  return log.filter((event) => event.kind === 'granted' || (event.kind === 'try' && event.ok));
}
