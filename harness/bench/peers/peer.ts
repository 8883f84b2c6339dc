/**
 * What a peer library is to the bench: a way to make a bounded buffer of it, driven through
 * the same adapters as the kata's classes (../../measure/adapters.ts). Each peer's package is
 * imported when its first buffer is made, so a child that measures something else never loads it.
 */
import type { AsyncAdapter, EagerAdapter } from '../../measure/adapters.ts';

export interface Peer {
  /** `async-channel`: stable, part of scenario names. */
  readonly id: string;
  /** What is measured, for a person: `async-channel Channel`. */
  readonly label: string;
  /** The npm package whose version the results record; null for Node's own modules. */
  readonly packageName: string | null;
  /** A new buffer bounded at `capacity`, every put and take awaitable. */
  create(capacity: number): Promise<AsyncAdapter<number>>;
  /** The same buffer with the calls that never wait, for libraries that have them. */
  createEager?(capacity: number): Promise<EagerAdapter<number>>;
}

/** An already-settled promise for puts that did not have to wait. */
export const SETTLED: Promise<void> = Promise.resolve();
