/** The classes of a tree that the scenarios measure, each named by its file and export, and how to make one. */

export const SUBJECTS = {
  bounded: { file: '01-basic-buffer/bounded-buffer.ts', exportName: 'BoundedBuffer' },
  blocking: { file: '02-thread-safety/blocking-buffer.ts', exportName: 'BlockingBuffer' },
  semaphore: { file: '02-thread-safety/semaphore-buffer.ts', exportName: 'SemaphoreBuffer' },
  shared: { file: '02-thread-safety/shared-buffer.ts', exportName: 'SharedBoundedBuffer' },
  managed: { file: '03-strategies-and-shutdown/managed-buffer.ts', exportName: 'ManagedBuffer' },
  backpressure: { file: '04-backpressure-and-work-stealing/backpressure-buffer.ts', exportName: 'BackpressureBuffer' },
} as const;

/** `new subject(...args)`, for a class the child loaded from the tree. */
export function construct<I>(subject: unknown, ...args: unknown[]): I {
  return new (subject as new (...parameters: unknown[]) => I)(...args);
}
