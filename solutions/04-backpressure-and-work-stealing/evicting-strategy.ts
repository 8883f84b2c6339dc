/**
 * The strategy a BackpressureBuffer under drop-oldest or drop-lowest-priority gives its
 * ManagedBuffer: it wraps the strategy the caller chose (a name, or an object of the
 * caller's) and keeps beside it the index where the drop policy finds its victim
 * (./backpressure-entries.ts). To evict, the buffer calls chooseVictim(), which makes the next
 * pop() return the victim instead of the strategy's next item, and then takes it out with the
 * ManagedBuffer's own poll(): the waiting, the shutdown, the counters and join() stay the
 * ManagedBuffer's.
 *
 * How it works: every stored item travels in an entry with its priority and arrival number,
 * which sits both in the strategy and in the victim index: a ring in arrival order for
 * drop-oldest (the oldest by arrival, whatever the strategy), a max-heap on (priority,
 * arrival) for drop-lowest-priority. An entry that leaves by one structure is emptied where it
 * lies in the other and skipped when it comes up there (lazy deletion); once emptied entries
 * outnumber the stored ones by more than SLACK, the structure holding them is rebuilt. Memory
 * stays O(capacity) and every operation O(1) or O(log n) amortised, for every strategy.
 * Invariant: `size` entries are stored (their item is set), each in the strategy and in the
 * victim index; every other entry of either structure is emptied; a chosen victim is stored.
 */
import type { StrategyName } from '../03-strategies-and-shutdown/managed-buffer.ts';
import { type BufferStrategy, FifoStrategy, LifoStrategy, PriorityStrategy } from '../03-strategies-and-shutdown/strategies.ts';
import { type Entry, ItemStrategy, LeastUrgentFirst, OldestFirst, type Victims } from './backpressure-entries.ts';

export type EvictingPolicy = 'drop-oldest' | 'drop-lowest-priority';

const STRATEGIES = { fifo: FifoStrategy, lifo: LifoStrategy, priority: PriorityStrategy } as const;
/** How many more emptied entries than stored ones a structure may hold before it is rebuilt. */
const SLACK = 32;

export class EvictingStrategy<T> implements BufferStrategy<T> {
  readonly #entries: BufferStrategy<Entry<T>>;
  readonly #victims: Victims<T>;
  readonly #policy: EvictingPolicy;
  #size = 0;
  #arrivals = 0;
  /** The entry the next pop() hands out, chosen by chooseVictim(). */
  #chosen: Entry<T> | undefined;

  /** @throws TypeError for an unknown strategy name, as ManagedBuffer does. */
  constructor(policy: EvictingPolicy, strategy: StrategyName | BufferStrategy<T>) {
    this.#policy = policy;
    this.#victims = policy === 'drop-oldest' ? new OldestFirst<T>() : new LeastUrgentFirst<T>();
    if (typeof strategy === 'object' && strategy !== null) this.#entries = new ItemStrategy(strategy);
    else if (Object.hasOwn(STRATEGIES, strategy)) this.#entries = new STRATEGIES[strategy]<Entry<T>>();
    else throw new TypeError(`strategy must be 'fifo', 'lifo', 'priority' or a BufferStrategy, got ${String(strategy)}`);
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Whether an incoming item of `priority` evicts a stored one (else the incoming item is
   * the one to discard). If it does, the next pop() returns that stored item.
   */
  chooseVictim(priority: number): boolean {
    const victim = this.#victims.peek();
    if (victim === undefined || (this.#policy === 'drop-lowest-priority' && victim.priority <= priority)) return false;
    this.#chosen = victim;
    return true;
  }

  push(item: T, priority: number): void {
    const entry: Entry<T> = { item, priority, seq: this.#arrivals++ };
    this.#entries.push(entry, priority);
    this.#victims.add(entry);
    this.#size++;
  }

  pop(): T | undefined {
    let entry = this.#chosen;
    this.#chosen = undefined;
    if (entry === undefined) {
      if (this.#size === 0) return undefined;
      do entry = this.#entries.pop() as Entry<T>;
      while (entry.item === undefined);
    }
    const item = entry.item as T;
    entry.item = undefined;
    this.#size--;
    this.#tidy();
    return item;
  }

  peek(): T | undefined {
    if (this.#chosen !== undefined) return this.#chosen.item;
    let entry = this.#entries.peek();
    while (entry !== undefined && entry.item === undefined) {
      this.#entries.pop();
      entry = this.#entries.peek();
    }
    return entry?.item;
  }

  drain(): T[] {
    const items: T[] = [];
    for (const entry of this.#entries.drain()) {
      if (entry.item === undefined) continue;
      items.push(entry.item);
      entry.item = undefined;
    }
    this.#size = 0;
    this.#chosen = undefined;
    this.#victims.compact();
    return items;
  }

  /** Rebuilds the strategy or the victim index once its emptied entries outnumber the stored ones by SLACK. */
  #tidy(): void {
    const limit = 2 * this.#size + SLACK;
    if (this.#entries.size > limit) {
      const stored = this.#entries.drain().filter((entry) => entry.item !== undefined);
      stored.sort((a, b) => a.seq - b.seq);
      for (const entry of stored) this.#entries.push(entry, entry.priority);
    }
    if (this.#victims.size > limit) this.#victims.compact();
  }
}
