/**
 * The phase 4 BackpressureBuffer, as a sequential model: a ManagedBuffer (./managed-buffer.ts)
 * whose put, when the buffer is full, follows the overflow policy:
 * - block: waits, so it completes only once there is room;
 * - reject: rejects with BufferFullError (and only a full, open buffer rejects so);
 * - drop-newest: resolves, and onDrop receives the incoming item;
 * - drop-oldest: resolves, and onDrop receives the item that arrived first (whatever the
 *   strategy), which leaves the buffer for the incoming one;
 * - drop-lowest-priority: resolves, and onDrop receives the stored item with the highest
 *   priority number (the newest among equals), or the incoming item when its number is at
 *   least as high.
 * Closed beats full: a closed buffer refuses with BufferClosedError and drops nothing. The
 * drops a call caused are recorded with it (`BufferResult.dropped`), so the model checks
 * which item went, not only that one did.
 */
import type { SequentialModel } from '../linearizability.ts';
import { type BufferState, bufferModel, type OverflowPolicy, type StrategyName } from './buffer.ts';

export function backpressureBufferModel(options: {
  readonly capacity: number;
  readonly policy: OverflowPolicy;
  readonly strategy?: StrategyName;
}): SequentialModel<BufferState> {
  const strategy = options.strategy ?? 'fifo';
  return bufferModel({
    capacity: options.capacity,
    strategy,
    policy: options.policy,
    closable: true,
    name: `a BackpressureBuffer of capacity ${options.capacity}, policy '${options.policy}', ${strategy} strategy`,
  });
}
