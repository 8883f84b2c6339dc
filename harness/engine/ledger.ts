/**
 * A ledger of every item that went into a buffer and every item that came out, kept as a
 * concurrent history (./history.ts) and checked for what every producer-consumer buffer owes
 * its users: conservation (nothing lost, nothing taken twice, nothing invented) and FIFO
 * order. Order is judged on real-time precedence, never on the order in which consumers'
 * `await`s resumed: for items of distinct identity a FIFO queue is linearizable exactly when
 * none of a few bad patterns occurs (Henzinger, Sezgin, Vafeiadis, "Aspect-oriented
 * linearizability proofs", CONCUR 2013), and the one about order is "put(a) precedes put(b)
 * but take(b) precedes take(a)". Two takes whose intervals overlap may return their items
 * in either order. Violations are sentences that name the item, followed by the operations
 * involved, one column per actor.
 */
import { fail } from '../testing/failures.ts';
import { formatHistory, History, type HistoryOp } from './history.ts';

/** An item that knows where it came from: producer `p2`'s 17th item is `p2#17`. */
export interface Tagged {
  readonly producer: string;
  readonly seq: number;
}

export function tagged(producer: string, seq: number): Tagged {
  return { producer, seq };
}

export function labelOf(item: unknown): string {
  if (typeof item === 'object' && item !== null && 'producer' in item && 'seq' in item) {
    return `${String(item.producer)}#${String(item.seq)}`;
  }
  return JSON.stringify(item) ?? String(item);
}

export interface LedgerOptions {
  /**
   * The buffer's operations return synchronously (phase 1): a take is called just before
   * its result is recorded and a put returns just after it is recorded. Otherwise a take's
   * call is known only from `taking()`, or bounded by the same consumer's previous result.
   */
  readonly synchronous?: boolean;
}

interface Entry {
  readonly item: Tagged;
  readonly put: HistoryOp;
  readonly takes: HistoryOp[];
}

/** Takes in the order of their results, with a running maximum for the order check. */
interface TakeIndex {
  readonly respondedAt: number[];
  /** Of the takes up to here, the one whose item went in latest (by `rank`). */
  readonly latest: Entry[];
}

export class Ledger {
  readonly #history = new History();
  readonly #synchronous: boolean;
  readonly #entries = new Map<string, Entry>();
  readonly #violations: string[] = [];
  /** Consumer → the clock at its call of the take under way, or of its last result. */
  readonly #calledBy = new Map<string, number>();
  /** Takes per producer (order among one producer's items) and of items whose put is complete (order across producers). */
  readonly #byProducer = new Map<string, TakeIndex>();
  readonly #acrossProducers: TakeIndex = { respondedAt: [], latest: [] };

  constructor(options: LedgerOptions = {}) {
    this.#synchronous = options.synchronous ?? false;
  }

  /** Records that a put of `item` was called (offer returned true, or put is about to be awaited). */
  put(item: Tagged): void {
    const put = this.#history.invoke(item.producer, `put(${labelOf(item)})`);
    if (this.#synchronous) this.#history.respond(put, 'accepted');
    this.#entries.set(labelOf(item), { item, put, takes: [] });
  }

  /** Records that the put of `item` returned: it precedes every operation called from now on. */
  putDone(item: Tagged): void {
    const entry = this.#entries.get(labelOf(item));
    if (entry && entry.put.respondedAt === undefined) this.#history.respond(entry.put, 'accepted');
  }

  /** Takes back a put that gave up (timed out, aborted): the item must never come out. */
  withdraw(item: Tagged): void {
    this.#entries.delete(labelOf(item));
  }

  /** Records that `consumer` is calling take (or poll) now. Optional; it sharpens the order check. */
  taking(consumer: string): void {
    this.#calledBy.set(consumer, this.#history.now + 0.5);
  }

  /** Records that `consumer` received `item`. */
  take(consumer: string, item: unknown): void {
    const label = labelOf(item);
    // A lower bound of when this take was called: it was called after the consumer's previous take returned.
    const calledAt = this.#synchronous ? this.#history.now + 0.5 : (this.#calledBy.get(consumer) ?? 0);
    const take = this.#history.invoke(consumer, 'take()', calledAt);
    this.#history.respond(take, label);
    this.#calledBy.set(consumer, take.respondedAt as number);
    const entry = this.#entries.get(label);
    if (!entry) {
      this.#violations.push(`${consumer} received ${label}, which no producer ever put in (or which was refused)`);
      return;
    }
    entry.takes.push(take);
    if (entry.takes.length === 2) this.#violations.push(this.#takenTwice(entry));
    this.#checkOrder(entry, take);
  }

  get takenCount(): number {
    let count = 0;
    for (const entry of this.#entries.values()) if (entry.takes.length > 0) count++;
    return count;
  }

  /** Every violation so far; `leftover` is what is still in the buffer, or what closeNow() returned (not lost). */
  violations(leftover: readonly unknown[] = []): string[] {
    const remaining = new Set(leftover.map(labelOf));
    const found = [...this.#violations];
    for (const [label, entry] of this.#entries) {
      if (entry.takes.length === 0 && !remaining.has(label)) {
        found.push(`item ${label} was accepted but never came out and is not in the buffer either (lost)`);
      }
      if (entry.takes.length > 0 && remaining.has(label)) {
        found.push(`item ${label} was taken by ${entry.takes[0]?.actor} and is still in the buffer too (taken twice)`);
      }
    }
    return found;
  }

  /** Fails the test with the first violations, in words, when there are any. */
  check(leftover: readonly unknown[] = [], context = ''): void {
    const found = this.violations(leftover);
    if (found.length === 0) return;
    const shown = found.slice(0, 3).map((line) => `  - ${line.replaceAll('\n', '\n    ')}`);
    const more = found.length > 3 ? [`  ... and ${found.length - 3} more`] : [];
    fail([`${found.length} item(s) mishandled${context ? ` ${context}` : ''}:`, ...shown, ...more].join('\n'));
  }

  #takenTwice(entry: Entry): string {
    const [first, second] = entry.takes as [HistoryOp, HistoryOp];
    const label = labelOf(entry.item);
    return `item ${label} was taken twice, by ${first.actor} and ${second.actor}\n${formatHistory([entry.put, first, second])}`;
  }

  /**
   * The bad pattern about order: an item `b` whose put came after `a`'s (the same producer's
   * later item, or any item whose put was called after `a`'s put returned) was returned by a
   * take that ended before this take of `a` was called.
   */
  #checkOrder(entry: Entry, take: HistoryOp): void {
    const { producer, seq } = entry.item;
    const own = this.#byProducer.get(producer) ?? { respondedAt: [], latest: [] };
    this.#byProducer.set(producer, own);
    const earlierOwn = latestBefore(own, take.invokedAt);
    if (earlierOwn && earlierOwn.item.seq > seq) this.#violations.push(this.#outOfOrder(entry, earlierOwn, take));
    else {
      const putReturned = entry.put.respondedAt;
      const earlier = putReturned === undefined ? undefined : latestBefore(this.#acrossProducers, take.invokedAt);
      if (earlier && putReturned !== undefined && earlier.put.invokedAt > putReturned) {
        this.#violations.push(this.#outOfOrder(entry, earlier, take));
      }
    }
    record(own, take, entry, (a, b) => a.item.seq > b.item.seq);
    record(this.#acrossProducers, take, entry, (a, b) => a.put.invokedAt > b.put.invokedAt);
  }

  #outOfOrder(entry: Entry, later: Entry, take: HistoryOp): string {
    const [a, b] = [labelOf(entry.item), labelOf(later.item)];
    const laterTake = later.takes[0] as HistoryOp;
    const how = entry.item.producer === later.item.producer ? `${a} went in first` : `put(${a}) returned before put(${b}) was called`;
    return [
      `item ${a} came out after ${b}, but ${how}, and ${laterTake.actor}'s take of ${b} returned before ${take.actor}'s take of ${a} was called (FIFO order broken)`,
      formatHistory([entry.put, later.put, laterTake, take]),
    ].join('\n');
  }
}

/** Of the takes that returned at or before `calledAt`, the one whose item went in latest. */
function latestBefore(index: TakeIndex, calledAt: number): Entry | undefined {
  let [low, high] = [0, index.respondedAt.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((index.respondedAt[middle] as number) <= calledAt) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : index.latest[low - 1];
}

function record(index: TakeIndex, take: HistoryOp, entry: Entry, later: (a: Entry, b: Entry) => boolean): void {
  const previous = index.latest.at(-1);
  index.respondedAt.push(take.respondedAt as number);
  index.latest.push(previous && later(previous, entry) ? previous : entry);
}
