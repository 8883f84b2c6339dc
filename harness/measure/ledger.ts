/**
 * Checks the answer while a workload runs: a fast wrong answer is an error, not a result.
 * Every item must arrive exactly once, and the items of one producer must reach each
 * consumer in the order they were put (unless the buffer is not FIFO: `ordered: false`).
 * The checks cost a few array reads per item, the same for every implementation measured. A
 * workload moves numbers that say who put them: producer 2's item 1733 is `p2#1733` (`itemOf`).
 */

const SEQ_BITS = 24;
const SEQ_LIMIT = 2 ** SEQ_BITS;

/** The item that producer `producer` (1 to 127) puts as its `seq`-th (from 0). */
export function itemOf(producer: number, seq: number): number {
  if (seq >= SEQ_LIMIT) throw new RangeError(`a producer can put at most ${SEQ_LIMIT} items, got item ${seq}`);
  return producer * SEQ_LIMIT + seq;
}

export function producerOf(item: number): number {
  return Math.floor(item / SEQ_LIMIT);
}

export function seqOf(item: number): number {
  return item % SEQ_LIMIT;
}

/** `p2#1733`, or the value itself when it is nobody's item. */
export function labelOf(item: unknown): string {
  if (typeof item !== 'number' || !Number.isInteger(item) || item < SEQ_LIMIT) return String(item);
  return `p${producerOf(item)}#${seqOf(item)}`;
}

/** A workload saw something a correct buffer cannot do; its message is the whole story. */
export class WrongAnswer extends Error {
  override name = 'WrongAnswer';
}

export class Ledger {
  readonly #firstProducer: number;
  readonly #perProducer: number;
  /** By producer (from #firstProducer): which of its items arrived. */
  readonly #seen: Uint8Array[];
  /** By consumer, then producer: the last seq it received, or -1. */
  readonly #last: Int32Array[];
  readonly #strict: boolean;
  readonly #ordered: boolean;
  #received = 0;

  /** Producers are numbered from `firstProducer`; each puts `perProducer` items; consumers from 0. */
  constructor(options: { producers: number; perProducer: number; consumers: number; firstProducer?: number; ordered?: boolean }) {
    const { producers, perProducer, consumers, firstProducer = 0, ordered = true } = options;
    this.#firstProducer = firstProducer;
    this.#perProducer = perProducer;
    this.#seen = Array.from({ length: producers }, () => new Uint8Array(perProducer));
    this.#last = Array.from({ length: consumers }, () => new Int32Array(producers).fill(-1));
    this.#ordered = ordered;
    this.#strict = ordered && producers === 1 && consumers === 1;
  }

  /** Records that consumer `consumer` received `item`; throws WrongAnswer at the first violation. */
  receive(consumer: number, item: unknown): void {
    const index = typeof item === 'number' ? producerOf(item) - this.#firstProducer : -1;
    const seen = this.#seen[index];
    const seq = seqOf(item as number);
    if (!seen || !Number.isInteger(item) || seq >= this.#perProducer) {
      throw new WrongAnswer(`wrong item: ${this.#who(consumer)}received ${labelOf(item)}, which no producer put`);
    }
    const last = this.#last[consumer] as Int32Array;
    const previous = last[index] as number;
    if (this.#strict && seq !== previous + 1) {
      throw new WrongAnswer(`wrong order: expected ${labelOf(itemOf(this.#firstProducer, previous + 1))}, got ${labelOf(item)}`);
    }
    if (seen[seq] === 1) throw new WrongAnswer(`duplicate: ${labelOf(item)} arrived twice`);
    if (seq < previous && this.#ordered) {
      const before = labelOf(itemOf(index + this.#firstProducer, previous));
      throw new WrongAnswer(`wrong order: ${this.#who(consumer)}received ${labelOf(item)} after ${before}`);
    }
    seen[seq] = 1;
    last[index] = seq;
    this.#received++;
  }

  /** Throws WrongAnswer unless every item put has arrived. */
  finish(): void {
    const expected = this.#seen.length * this.#perProducer;
    if (this.#received === expected) return;
    const missing = this.#seen.findIndex((seen) => seen.includes(0));
    const first = labelOf(itemOf(missing + this.#firstProducer, this.#seen[missing]?.indexOf(0) ?? 0));
    throw new WrongAnswer(`lost items: ${expected - this.#received} of ${expected} never arrived (the first is ${first})`);
  }

  #who(consumer: number): string {
    return this.#last.length > 1 ? `consumer c${consumer + 1} ` : '';
  }
}
