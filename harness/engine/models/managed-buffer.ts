/**
 * The phase 3 ManagedBuffer, as a sequential model: at most `capacity` items, handed out in
 * strategy order (fifo: oldest first; lifo: newest first; priority: lowest number first,
 * equal numbers oldest first). put completes only when there is room and the buffer is open;
 * it rejects with BufferClosedError only once the buffer is closed. take returns the next
 * item, even after close(), and rejects with BufferClosedError only once the buffer is both
 * closed and empty. close() refuses further puts; closeNow() also returns every stored item
 * in strategy order and leaves the buffer empty. A put or take that gave up had no effect.
 */
import type { SequentialModel } from '../linearizability.ts';
import { type BufferState, bufferModel, type StrategyName } from './buffer.ts';

export function managedBufferModel(options: { readonly capacity: number; readonly strategy?: StrategyName }): SequentialModel<BufferState> {
  const strategy = options.strategy ?? 'fifo';
  return bufferModel({
    capacity: options.capacity,
    strategy,
    policy: 'block',
    closable: true,
    name: `a ManagedBuffer of capacity ${options.capacity} with the ${strategy} strategy`,
  });
}
