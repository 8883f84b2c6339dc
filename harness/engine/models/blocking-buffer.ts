/**
 * The phase 2 blocking buffers (BlockingBuffer, SemaphoreBuffer), as a sequential model: a
 * FIFO of at most `capacity` items. put completes only when there is room, take returns the
 * oldest item, offer stores only when there is room, poll returns the oldest or undefined
 * when empty, drainTo moves the oldest items first. A put or take that gave up had no effect.
 * There is no close: every error a call ends with counts as giving up. On semaphores
 * (`onSemaphores`), poll may also return undefined, and offer false, while a waiter that
 * gave up still holds the permit of an item or a slot (see ./buffer.ts).
 */
import type { SequentialModel } from '../linearizability.ts';
import { type BufferState, bufferModel } from './buffer.ts';

export function blockingBufferModel(capacity: number, options: { readonly onSemaphores?: boolean } = {}): SequentialModel<BufferState> {
  return bufferModel({
    capacity,
    strategy: 'fifo',
    policy: 'block',
    closable: false,
    // The stub's own design (a queued acquire cannot be withdrawn; its permit is handed back later) lets poll miss an item.
    nonBlockingMayMiss: options.onSemaphores ?? false,
    name: `a blocking FIFO buffer of capacity ${capacity}`,
  });
}
