/** Helpers for the suites of SharedBoundedBuffer, in one thread and across threads. */
import { SharedBoundedBuffer } from '@target/02-thread-safety/shared-buffer.ts';
import { expect } from 'vitest';

/** A buffer holding `values`, oldest first, put in with offer(). */
export function bufferWith(capacity: number, values: number[]): SharedBoundedBuffer {
  const buffer = SharedBoundedBuffer.create(capacity);
  for (const value of values) expect(buffer.offer(value), `offer(${value}) on a buffer with room`).toBe(true);
  return buffer;
}

/** Everything left in `buffer`, oldest first, taken out with poll(). */
export function drain(buffer: SharedBoundedBuffer): number[] {
  const values: number[] = [];
  for (let value = buffer.poll(); value !== undefined; value = buffer.poll()) values.push(value);
  return values;
}
