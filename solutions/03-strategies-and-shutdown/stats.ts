/**
 * What a ManagedBuffer counts for stats() (contract P3.MB.13), and the rule behind each
 * counter, written once. The buffer says what happened (an item accepted, taken, refused, a
 * waiter that gave up); Counters keeps the totals; stats() adds what only the buffer knows.
 * Invariant: put = taken + the size of the buffer that owns them; a timeout or an abort is
 * never a rejection.
 */

export interface BufferStats {
  readonly capacity: number;
  readonly size: number;
  /** Items accepted: stored, or handed straight to a waiting taker. */
  readonly put: number;
  /** Items that left through take, poll, iteration or closeNow (a handed-over item too). */
  readonly taken: number;
  /** Puts and offers refused because the buffer was full (offer) or closed, once each. */
  readonly rejected: number;
  /** Puts and takes that gave up on their timeout. */
  readonly timedOut: number;
  /** Puts and takes that gave up on their abort signal, an already-aborted one included. */
  readonly aborted: number;
  /** The largest size ever reached. */
  readonly highWaterMark: number;
  readonly waitingProducers: number;
  readonly waitingConsumers: number;
  readonly closed: boolean;
}

/** The part of BufferStats that is not a total: what the buffer is now. */
export type Gauges = Pick<BufferStats, 'capacity' | 'size' | 'waitingProducers' | 'waitingConsumers' | 'closed'>;

export class Counters {
  put = 0;
  taken = 0;
  rejected = 0;
  timedOut = 0;
  aborted = 0;
  highWaterMark = 0;

  /** Notes the size after an item was stored (a handed-over item occupies no slot). */
  stored(size: number): void {
    if (size > this.highWaterMark) this.highWaterMark = size;
  }

  /** A put or take gave up on its own: on its timeout, or on its signal. */
  readonly gaveUp = (reason: 'timeout' | 'abort'): void => {
    if (reason === 'timeout') this.timedOut++;
    else this.aborted++;
  };

  /** stats(): the totals beside what the buffer is now. */
  snapshot(gauges: Gauges): BufferStats {
    const { put, taken, rejected, timedOut, aborted, highWaterMark } = this;
    return { ...gauges, put, taken, rejected, timedOut, aborted, highWaterMark };
  }
}
