/**
 * Every blocking suite runs against both blocking buffers: the one on a mutex and two
 * conditions, and the one on two semaphores. They share one contract, so one suite each.
 */
import { BlockingBuffer } from '@target/02-thread-safety/blocking-buffer.ts';
import { SemaphoreBuffer } from '@target/02-thread-safety/semaphore-buffer.ts';
import type { WaitOptions } from '@target/contract.ts';

export interface Buffer<T> {
  readonly capacity: number;
  readonly size: number;
  readonly remainingCapacity: number;
  put(item: T, options?: WaitOptions): Promise<void>;
  take(options?: WaitOptions): Promise<T>;
  offer(item: T): boolean;
  poll(): T | undefined;
  drainTo(sink: T[], max?: number): number;
}

export interface BufferKind {
  readonly name: 'BlockingBuffer' | 'SemaphoreBuffer';
  create<T>(capacity: number): Buffer<T>;
}

export const BUFFERS: readonly BufferKind[] = [
  { name: 'BlockingBuffer', create: <T>(capacity: number) => new BlockingBuffer<T>(capacity) },
  { name: 'SemaphoreBuffer', create: <T>(capacity: number) => new SemaphoreBuffer<T>(capacity) },
];

/** A buffer holding `items`, put in with offer(). */
export function filled<T>(kind: BufferKind, capacity: number, items: T[]): Buffer<T> {
  const buffer = kind.create<T>(capacity);
  for (const item of items) buffer.offer(item);
  return buffer;
}
