/**
 * The kata's measured classes as the traffic of ./traffic.ts drives them: how each one is
 * made (its constructor arguments are written here and nowhere else) and wrapped in the
 * adapters of ./adapters.ts. Each is named by its export name; which file of a tree holds
 * it is the registry's business (../phases.ts, `measured`), looked up by the parent. The
 * child hands these functions the class it loaded from the tree under test (`subject`).
 *
 * Adding a measured class: list it in the registry, give it an entry here, and use that
 * entry in the scenarios of `grade` (./grade-scenarios.ts) or `bench` (../bench/tree-contenders.ts).
 */
import type { EagerAdapter, LossyAdapter, SyncAdapter, WaitingAdapter } from './adapters.ts';
import { WrongAnswer } from './ledger.ts';

type WaitOptions = { timeoutMs: number; signal: AbortSignal };

/** A buffer of the kata whose put and take may wait, each with optional `{ timeoutMs, signal }`, and whose offer and poll never do. */
export interface KataBuffer extends EagerAdapter<number>, WaitingAdapter<number> {
  put(item: number, options?: WaitOptions): Promise<void>;
  take(options?: WaitOptions): Promise<number>;
}

interface Ring {
  offer(item: number): boolean;
  poll(): number | undefined;
  readonly size: number;
}

/** Phase 2's SharedBoundedBuffer: made with `create` in one thread, `attach`ed to its memory in another; calls block the thread. */
export interface SharedBuffer {
  readonly memory: SharedArrayBuffer;
  put(value: number, timeoutMs?: number): boolean;
  take(timeoutMs?: number): number | undefined;
}

interface SharedBufferClass {
  create(capacity: number): SharedBuffer;
  attach(memory: SharedArrayBuffer): SharedBuffer;
}

function construct<I>(subject: unknown, ...args: unknown[]): I {
  return new (subject as new (...parameters: unknown[]) => I)(...args);
}

/** The same calls through closures, as every peer of the bench is driven. */
function driven(buffer: KataBuffer): KataBuffer {
  return {
    put: (item, options) => buffer.put(item, options),
    take: (options) => buffer.take(options),
    offer: (item) => buffer.offer(item),
    poll: () => buffer.poll(),
  };
}

/** Phase 1: offer and poll on one thread of control; an offer refused below capacity is a wrong answer. */
export const boundedBuffer = {
  exportName: 'BoundedBuffer',
  ring(subject: unknown, capacity: number): SyncAdapter<number> {
    const buffer = construct<Ring>(subject, capacity);
    return {
      put: (item) => {
        if (!buffer.offer(item)) throw new WrongAnswer(`offer() refused an item with ${buffer.size} of ${capacity} slots used`);
      },
      take: () => buffer.poll(),
    };
  },
} as const;

export const blockingBuffer = {
  exportName: 'BlockingBuffer',
  buffer: (subject: unknown, capacity: number): KataBuffer => driven(construct(subject, capacity)),
} as const;

export const semaphoreBuffer = {
  exportName: 'SemaphoreBuffer',
  buffer: (subject: unknown, capacity: number): KataBuffer => driven(construct(subject, capacity)),
} as const;

export type Strategy = 'fifo' | 'lifo' | 'priority';

export const managedBuffer = {
  exportName: 'ManagedBuffer',
  /** Without a strategy, the class's default (FIFO). */
  buffer: (subject: unknown, capacity: number, strategy?: Strategy): KataBuffer =>
    driven(construct(subject, strategy === undefined ? { capacity } : { capacity, strategy })),
} as const;

function backpressure(subject: unknown, capacity: number, policy: 'block' | 'drop-oldest', onDrop?: () => void): KataBuffer {
  return construct(subject, onDrop === undefined ? { capacity, policy } : { capacity, policy, onDrop });
}

export const backpressureBuffer = {
  exportName: 'BackpressureBuffer',
  /** With the `block` policy, the one that loses nothing. */
  buffer: (subject: unknown, capacity: number): KataBuffer => driven(backpressure(subject, capacity, 'block')),
  /** With `drop-oldest`, counting what it drops. */
  dropping(subject: unknown, capacity: number): LossyAdapter<number> {
    let dropped = 0;
    const buffer = backpressure(subject, capacity, 'drop-oldest', () => dropped++);
    return { put: (item) => buffer.put(item), poll: () => buffer.poll(), dropped: () => dropped };
  },
} as const;

export const sharedBoundedBuffer = {
  exportName: 'SharedBoundedBuffer',
  create: (subject: unknown, capacity: number): SharedBuffer => (subject as SharedBufferClass).create(capacity),
  /** The buffer made in another thread, from its memory; undefined when `subject` cannot attach. */
  attach(subject: unknown, memory: SharedArrayBuffer): SharedBuffer | undefined {
    const type = subject as Partial<SharedBufferClass> | undefined;
    return typeof type?.attach === 'function' ? type.attach(memory) : undefined;
  },
} as const;
