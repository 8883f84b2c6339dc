/**
 * The kata's buffers as bench contenders: each made from the class the child loaded from the
 * tree under test (the target's or the reference's) by the one adapter of its class
 * (../measure/kata-classes.ts), driven like the peers. BackpressureBuffer runs with the
 * `block` policy, the one that loses nothing.
 */
import {
  backpressureBuffer,
  blockingBuffer,
  type KataBuffer,
  managedBuffer,
  type Strategy,
  semaphoreBuffer,
} from '../measure/kata-classes.ts';
import type { WaitingClass } from '../measure/leak-scenarios.ts';

export interface TreeContender extends WaitingClass {
  readonly id: string;
  /** Whether each producer's items come out in the order they went in. */
  readonly ordered: boolean;
  buffer(subject: unknown, capacity: number): KataBuffer;
}

const managed = (strategy: Strategy): TreeContender => ({
  id: `managed-${strategy}`,
  label: `ManagedBuffer (${strategy})`,
  exportName: managedBuffer.exportName,
  ordered: strategy !== 'lifo',
  buffer: (subject, capacity) => managedBuffer.buffer(subject, capacity, strategy),
});

export const TREE_CONTENDERS: readonly TreeContender[] = [
  managed('fifo'),
  managed('lifo'),
  managed('priority'),
  { id: 'backpressure-block', label: 'BackpressureBuffer (block)', ordered: true, ...backpressureBuffer },
  { id: 'blocking', label: 'BlockingBuffer (mutex + conditions)', ordered: true, ...blockingBuffer },
  { id: 'semaphore', label: 'SemaphoreBuffer (two semaphores)', ordered: true, ...semaphoreBuffer },
];
