/**
 * The ceilings, measured in the same run as everything else: how fast items could move if the
 * buffer cost nothing beyond what a workload must pay anyway.
 *
 * - `awaitCeiling`: one `await` per put and per take on an already-settled promise, items in
 *   a plain ring. No buffer whose every call is awaited can beat it.
 * - `syncRing`: a ring buffer used synchronously, no promises at all: the bound for a buffer
 *   driven with offer/poll.
 *
 * Neither ever waits: a take on an empty ceiling is a bug of the harness, and says so.
 */
import type { AsyncAdapter, SyncAdapter } from '../measure/adapters.ts';
import { WrongAnswer } from '../measure/ledger.ts';
import { SETTLED } from './peers/peer.ts';

/** Enough for every item that the workloads' producers can have put ahead of the consumers. */
const SLOTS = 4096;

/** A power-of-two ring of `slots` numbers that throws rather than overflow or underflow. */
class Ring {
  /** A plain array of small integers: V8 stores them unboxed, as a buffer of items does. */
  readonly #slots: number[];
  readonly #mask: number;
  #head = 0;
  #size = 0;

  constructor(slots: number) {
    this.#slots = new Array<number>(slots).fill(0);
    this.#mask = slots - 1;
  }

  push(item: number): void {
    if (this.#size > this.#mask) throw new WrongAnswer(`the ceiling's ring of ${this.#mask + 1} slots overflowed`);
    this.#slots[(this.#head + this.#size) & this.#mask] = item;
    this.#size++;
  }

  shift(): number {
    if (this.#size === 0) throw new WrongAnswer('a take found the ceiling empty: the ceilings never wait');
    const item = this.#slots[this.#head] as number;
    this.#head = (this.#head + 1) & this.#mask;
    this.#size--;
    return item;
  }
}

export function awaitCeiling(): AsyncAdapter<number> {
  const ring = new Ring(SLOTS);
  return {
    put: (item) => {
      ring.push(item);
      return SETTLED;
    },
    take: () => Promise.resolve(ring.shift()),
  };
}

/** `capacity` must be a power of two. */
export function syncRing(capacity: number): SyncAdapter<number> {
  const ring = new Ring(capacity);
  return { put: (item) => ring.push(item), take: () => ring.shift() };
}
