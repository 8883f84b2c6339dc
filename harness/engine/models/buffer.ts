/**
 * The sequential model of a bounded buffer, as the contract states it, for the history
 * oracle (../linearizability.ts). One model covers the three structures tested at L5 by its
 * parameters: the phase 2 blocking FIFO (no close), the phase 3 ManagedBuffer (an order
 * strategy, close and closeNow) and the phase 4 BackpressureBuffer (an overflow policy on
 * top). Items are named by their labels (`p1#0`), which are distinct within a run.
 *
 * A blocking call is judged at the moment it takes effect: a put that completed took effect
 * when there was room (or, under a drop policy, when it dropped what the policy drops), a
 * take when the item it returned was the next one. Giving up (a timeout, an abort, any error
 * the contract does not name) has no effect and is legal at any moment: the model is lenient
 * where the contract leaves room, since a model stricter than the contract would report
 * correct code.
 */
import type { HistoryOp } from '../history.ts';
import type { SequentialModel, StepResult } from '../linearizability.ts';
import { mentionedItems, removableGroup } from './buffer-witness.ts';
import { CLOSED, FULL } from './error-names.ts';

export type StrategyName = 'fifo' | 'lifo' | 'priority';
export type OverflowPolicy = 'block' | 'reject' | 'drop-newest' | 'drop-oldest' | 'drop-lowest-priority';

/** A call as recorded in `HistoryOp.input`. */
export type BufferCall =
  | { readonly op: 'put' | 'offer'; readonly item: string; readonly priority?: number }
  | { readonly op: 'take' | 'poll' | 'close' | 'closeNow' }
  /** drainTo, or the test's final loop of polls: everything left (up to `max`), in strategy order. */
  | { readonly op: 'drain'; readonly max?: number }
  /** onDrop called while no operation of the caller's was under way. */
  | { readonly op: 'dropped'; readonly item: string };

/** A result as recorded in `HistoryOp.output`. */
export interface BufferResult {
  /** take and poll: the item's label (undefined: nothing); offer: whether it stored the item; drain and closeNow: the labels in order. */
  readonly value?: string | boolean | readonly string[];
  /** The name of what it threw or rejected with. */
  readonly error?: string;
  /** The items handed to onDrop while it ran. */
  readonly dropped?: readonly string[];
}

export const bufferCall = {
  put: (item: string, priority?: number): BufferCall => ({ op: 'put', item, ...(priority === undefined ? {} : { priority }) }),
  offer: (item: string, priority?: number): BufferCall => ({ op: 'offer', item, ...(priority === undefined ? {} : { priority }) }),
  take: (): BufferCall => ({ op: 'take' }),
  poll: (): BufferCall => ({ op: 'poll' }),
  drain: (max?: number): BufferCall => ({ op: 'drain', ...(max === undefined ? {} : { max }) }),
  close: (): BufferCall => ({ op: 'close' }),
  closeNow: (): BufferCall => ({ op: 'closeNow' }),
  dropped: (item: string): BufferCall => ({ op: 'dropped', item }),
};

/** The `BufferResult` of a settled call: `value` maps what it returned, `dropped` what onDrop received meanwhile. */
export function bufferResult<T>(
  settled: { readonly value: T } | { readonly error: unknown },
  value: (returned: T) => BufferResult['value'] = () => undefined,
  dropped: readonly string[] = [],
): BufferResult {
  const extra = dropped.length > 0 ? { dropped } : {};
  if ('error' in settled) return { error: settled.error instanceof Error ? settled.error.name : String(settled.error), ...extra };
  return { value: value(settled.value), ...extra };
}

export interface BufferModelOptions {
  readonly capacity: number;
  /** @default 'fifo' */
  readonly strategy?: StrategyName;
  /** @default 'block' */
  readonly policy?: OverflowPolicy;
  /** Whether close() and closeNow() exist, and BufferClosedError means "closed". @default true */
  readonly closable?: boolean;
  /**
   * poll may return undefined, and offer false, whatever the buffer holds: a buffer built on
   * semaphores hands a permit to a queued waiter that may have given up meanwhile, and the
   * item or the slot stays out of reach until that waiter's turn comes to hand it back,
   * which can be after its call returned. @default false
   */
  readonly nonBlockingMayMiss?: boolean;
  /** The model's name in a verdict. */
  readonly name: string;
}

interface Stored {
  readonly item: string;
  readonly priority: number;
}

export interface BufferState {
  /** In arrival order. */
  readonly items: readonly Stored[];
  readonly closed: boolean;
}

export function bufferModel(options: BufferModelOptions): SequentialModel<BufferState> {
  const { capacity, name } = options;
  const strategy = options.strategy ?? 'fifo';
  const policy = options.policy ?? 'block';
  const closable = options.closable ?? true;
  const mayMiss = options.nonBlockingMayMiss ?? false;

  const ok = (next: BufferState): StepResult<BufferState> => ({ ok: true, next });
  const no = (state: BufferState): StepResult<BufferState> => ({ ok: false, next: state });

  /** Index (in arrival order) of the item the strategy hands out next; -1 when empty. */
  const nextIndex = (items: readonly Stored[]): number => {
    if (items.length === 0) return -1;
    if (strategy === 'fifo') return 0;
    if (strategy === 'lifo') return items.length - 1;
    let best = 0;
    items.forEach((entry, index) => {
      if (entry.priority < (items[best] as Stored).priority) best = index;
    });
    return best;
  };
  /** Every item, in the order repeated takes would hand them out. */
  const inOrder = (items: readonly Stored[]): string[] => {
    if (strategy === 'fifo') return items.map((entry) => entry.item);
    if (strategy === 'lifo') return items.map((entry) => entry.item).reverse();
    return items
      .map((entry, arrival) => ({ entry, arrival }))
      .sort((a, b) => a.entry.priority - b.entry.priority || a.arrival - b.arrival)
      .map(({ entry }) => entry.item);
  };
  const without = (items: readonly Stored[], index: number) => items.filter((_, i) => i !== index);

  /**
   * Stores `incoming` into `state` (open), applying the policy when full: the state after,
   * what was dropped, and whether the incoming item is stored; undefined when the policy
   * refuses (block, reject).
   */
  const admit = (state: BufferState, incoming: Stored): { next: BufferState; dropped: string[]; stored: boolean } | undefined => {
    const { items } = state;
    if (items.length < capacity) return { next: { ...state, items: [...items, incoming] }, dropped: [], stored: true };
    if (policy === 'block' || policy === 'reject') return undefined;
    if (policy === 'drop-newest') return { next: state, dropped: [incoming.item], stored: false };
    let victim = 0;
    if (policy === 'drop-lowest-priority') {
      items.forEach((entry, index) => {
        if (entry.priority >= (items[victim] as Stored).priority) victim = index;
      });
      if (incoming.priority >= (items[victim] as Stored).priority) return { next: state, dropped: [incoming.item], stored: false };
    }
    return {
      next: { ...state, items: [...without(items, victim), incoming] },
      dropped: [(items[victim] as Stored).item],
      stored: true,
    };
  };

  const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

  function insert(state: BufferState, call: Extract<BufferCall, { op: 'put' | 'offer' }>, op: HistoryOp): StepResult<BufferState> {
    const incoming: Stored = { item: call.item, priority: call.priority ?? 0 };
    const pending = op.respondedAt === undefined;
    const result = op.output as BufferResult | undefined;
    const dropped = result?.dropped ?? [];
    if (pending) {
      if (state.closed) return no(state);
      const admitted = admit(state, incoming);
      return admitted ? ok(admitted.next) : no(state);
    }
    // onDrop's own error reaches the caller after the buffer changed: judged as if it had returned.
    const threw = result?.error !== undefined && dropped.length === 0 ? result.error : undefined;
    if (threw !== undefined) {
      if (threw === CLOSED && closable) return state.closed ? ok(state) : no(state);
      if (threw === FULL && policy === 'reject') return !state.closed && state.items.length >= capacity ? ok(state) : no(state);
      // Gave up (a timeout, an abort) or failed some other way: no effect, at any moment.
      return ok(state);
    }
    if (state.closed) return no(state);
    const admitted = admit(state, incoming);
    if (call.op === 'offer' && result?.value === false && (!admitted || mayMiss)) return ok(state);
    if (!admitted || !sameList(admitted.dropped, dropped)) return no(state);
    if (call.op === 'offer' && result?.error === undefined && result?.value !== admitted.stored) return no(state);
    return ok(admitted.next);
  }

  function remove(state: BufferState, op: HistoryOp, blocking: boolean): StepResult<BufferState> {
    const result = op.output as BufferResult | undefined;
    const index = nextIndex(state.items);
    if (op.respondedAt === undefined) return index === -1 ? no(state) : ok({ ...state, items: without(state.items, index) });
    if (result?.error !== undefined) {
      if (blocking && result.error === CLOSED && closable) return state.closed && index === -1 ? ok(state) : no(state);
      return ok(state);
    }
    if (result?.value === undefined) return blocking || (index !== -1 && !mayMiss) ? no(state) : ok(state);
    if (index === -1 || state.items[index]?.item !== result.value) return no(state);
    return ok({ ...state, items: without(state.items, index) });
  }

  function drain(state: BufferState, op: HistoryOp, max: number, closing: boolean): StepResult<BufferState> {
    const result = op.output as BufferResult | undefined;
    if (result?.error !== undefined) return closing ? ok({ items: [], closed: true }) : ok(state);
    const all = inOrder(state.items);
    const expected = all.slice(0, Math.min(max, all.length));
    const got = Array.isArray(result?.value) ? (result.value as readonly string[]) : [];
    // Pending: it takes what it would have taken.
    if (op.respondedAt !== undefined && !sameList(expected, got)) return no(state);
    const gone = new Set(expected);
    return ok({ items: state.items.filter((entry) => !gone.has(entry.item)), closed: state.closed || closing });
  }

  return {
    name,
    init: () => ({ items: [], closed: false }),
    key: (state) =>
      `${state.closed ? 'C' : 'O'}${state.items.map((entry) => (entry.priority === 0 ? entry.item : `${entry.item}:${entry.priority}`)).join(',')}`,
    step(state, op) {
      const call = op.input as BufferCall | undefined;
      if (call === undefined) return ok(state);
      // Only an incoming item makes a policy drop: nothing else calls onDrop.
      if (call.op !== 'put' && call.op !== 'offer' && ((op.output as BufferResult | undefined)?.dropped ?? []).length > 0) return no(state);
      switch (call.op) {
        case 'put':
        case 'offer':
          return insert(state, call, op);
        case 'take':
          return remove(state, op, true);
        case 'poll':
          return remove(state, op, false);
        case 'drain':
          return drain(state, op, call.max ?? Number.POSITIVE_INFINITY, false);
        case 'closeNow':
          return drain(state, op, Number.POSITIVE_INFINITY, true);
        case 'close':
          return ok({ ...state, closed: true });
        case 'dropped': {
          const index = state.items.findIndex((entry) => entry.item === call.item);
          return index === -1 ? no(state) : ok({ ...state, items: without(state.items, index) });
        }
      }
    },
    mentions: mentionedItems,
    removable: (group, rest) => removableGroup(policy, group, rest),
  };
}
