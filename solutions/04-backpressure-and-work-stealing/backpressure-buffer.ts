/**
 * A ManagedBuffer (phase 3) with a choice of what happens when it is full: wait (`block`),
 * refuse (`reject`), or make room by dropping an item (`drop-newest`, `drop-oldest`,
 * `drop-lowest-priority`). Dropped items go to `onDrop` and count as done for join().
 *
 * How it works: the lifecycle is the ManagedBuffer's, written once in phase 3. Waiting,
 * hand-over to waiting takers, close, closeNow, drained, join, the iterator and the counters
 * all come from the ManagedBuffer this buffer holds; only a put or offer into a full, open
 * buffer is decided here. `block` is the ManagedBuffer itself. `reject` refuses through the
 * ManagedBuffer's offer, which counts the refusal. `drop-newest` discards the incoming item.
 * `drop-oldest` and `drop-lowest-priority` give the ManagedBuffer an EvictingStrategy
 * (./evicting-strategy.ts), which knows the victim: it is removed with the ManagedBuffer's
 * own poll(), the incoming item offered in its place, and one taskDone() marks the victim
 * done. Only the ManagedBuffer's synchronous members evict and store, so a ManagedBuffer
 * whose put completes later (behind a lock, say) never makes a dropping put wait.
 * Invariant, between any two awaits: the ManagedBuffer holds every stored item; stats().put =
 * managed put + discarded, taken = managed taken - evicted, dropped = discarded + evicted,
 * so put = taken + dropped + size; unfinished tasks = put - dropped - items returned by
 * closeNow() - taskDone calls. onDrop runs last, with all of that already true; if it throws,
 * the put rejects (the offer throws) with its error, the drop done.
 */
import { type BufferStats, ManagedBuffer, type PutOptions, type StrategyName } from '../03-strategies-and-shutdown/managed-buffer.ts';
import type { BufferStrategy } from '../03-strategies-and-shutdown/strategies.ts';
import { checkWaitOptions, type WaitOptions } from '../contract.ts';
import { BufferFullError } from '../errors.ts';
import { type EvictingPolicy, EvictingStrategy } from './evicting-strategy.ts';

export type { BufferStats, PutOptions, StrategyName } from '../03-strategies-and-shutdown/managed-buffer.ts';

export type OverflowPolicy = 'block' | 'reject' | 'drop-newest' | 'drop-oldest' | 'drop-lowest-priority';
export type DropPolicy = Extract<OverflowPolicy, `drop-${string}`>;

export interface BackpressureOptions<T> {
  /** An integer from 1 to 2^30. */
  readonly capacity: number;
  /** What a put or offer does when the buffer is full. */
  readonly policy: OverflowPolicy;
  /** Which item comes out next. @default 'fifo' */
  readonly strategy?: StrategyName | BufferStrategy<T>;
  /** Receives every item a drop policy discards, with the policy's name. */
  readonly onDrop?: (item: T, reason: DropPolicy) => void;
}

export interface BackpressureStats extends BufferStats {
  /** Items a drop policy discarded, the incoming ones included. */
  readonly dropped: number;
}

const DONE = Promise.resolve();
const POLICIES: readonly string[] = ['block', 'reject', 'drop-newest', 'drop-oldest', 'drop-lowest-priority'];

export class BackpressureBuffer<T> implements AsyncIterable<T> {
  readonly capacity: number;
  readonly policy: OverflowPolicy;
  readonly #managed: ManagedBuffer<T>;
  /** Under drop-oldest and drop-lowest-priority: the strategy that knows the victim. */
  readonly #evicting: EvictingStrategy<T> | undefined;
  readonly #onDrop: ((item: T, reason: DropPolicy) => void) | undefined;
  /** Whether the policy is one of the drop policies. */
  readonly #drops: boolean;
  /** Incoming items discarded, never seen by the ManagedBuffer. */
  #discarded = 0;
  /** Stored items evicted, which the ManagedBuffer counts as taken. */
  #evicted = 0;

  /** Checks the policy and onDrop here, the capacity and the strategy in the ManagedBuffer (and the EvictingStrategy). */
  constructor({ capacity, policy, strategy = 'fifo', onDrop }: BackpressureOptions<T>) {
    if (!POLICIES.includes(policy))
      throw new TypeError(`policy must be one of ${POLICIES.map((p) => `'${p}'`).join(', ')}, got ${String(policy)}`);
    if (onDrop !== undefined && typeof onDrop !== 'function') throw new TypeError(`onDrop must be a function, got ${String(onDrop)}`);
    const evicts = policy === 'drop-oldest' || policy === 'drop-lowest-priority';
    this.#evicting = evicts ? new EvictingStrategy<T>(policy as EvictingPolicy, strategy) : undefined;
    this.#managed = new ManagedBuffer<T>({ capacity, strategy: this.#evicting ?? strategy });
    this.capacity = capacity;
    this.policy = policy;
    this.#drops = policy.startsWith('drop-');
    this.#onDrop = onDrop;
  }

  get size(): number {
    return this.#managed.size;
  }

  get closed(): boolean {
    return this.#managed.closed;
  }

  put(item: T, options?: PutOptions): Promise<void> {
    if (this.policy === 'block') return this.#managed.put(item, options);
    // Any other put never waits: it is an offer, after the checks a put makes first (none without options).
    try {
      if (options !== undefined) {
        checkWaitOptions(options);
        // An aborted signal beats closed and full: the ManagedBuffer's put refuses the call and counts it.
        if (options.signal?.aborted) return this.#managed.put(item, options);
      }
      if (this.offer(item, options) || this.policy !== 'reject') return DONE;
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.reject(new BufferFullError(`put() found the buffer full (${this.capacity} items) under the 'reject' policy`));
  }

  take(options?: WaitOptions): Promise<T> {
    return this.#managed.take(options);
  }

  offer(item: T, options?: { priority?: number }): boolean {
    const managed = this.#managed;
    const priority = options?.priority ?? 0;
    // The ManagedBuffer's offer does all but a drop: it stores or hands over, refuses (closed, or full
    // under block and reject), and throws for an undefined item or a bad priority, whatever the state.
    const valid = item !== undefined && Number.isFinite(priority);
    if (!this.#drops || !valid || managed.closed || managed.size < this.capacity) return managed.offer(item, options);
    return this.#drop(item, priority, options);
  }

  poll(): T | undefined {
    return this.#managed.poll();
  }

  close(): void {
    this.#managed.close();
  }

  closeNow(): T[] {
    return this.#managed.closeNow();
  }

  drained(): Promise<void> {
    return this.#managed.drained();
  }

  taskDone(): void {
    this.#managed.taskDone();
  }

  join(): Promise<void> {
    return this.#managed.join();
  }

  stats(): BackpressureStats {
    const stats = this.#managed.stats();
    return {
      ...stats,
      put: stats.put + this.#discarded,
      taken: stats.taken - this.#evicted,
      dropped: this.#discarded + this.#evicted,
    };
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.#managed[Symbol.asyncIterator]();
  }

  /** A drop policy on a full, open buffer: evicts a stored item for the incoming one, or discards the incoming one; true if it was stored. */
  #drop(item: T, priority: number, options: { priority?: number } | undefined): boolean {
    const evicts = this.#evicting?.chooseVictim(priority) ?? false;
    let dropped = item;
    if (evicts) {
      dropped = this.#managed.poll() as T;
      this.#managed.offer(item, options);
      this.#managed.taskDone(); // the victim's, which no consumer will ever call
      this.#evicted++;
    } else {
      this.#discarded++;
    }
    this.#onDrop?.(dropped, this.policy as DropPolicy);
    return evicts;
  }
}
