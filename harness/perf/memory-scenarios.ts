/**
 * The memory scenarios: many blocking calls that each carry a timeout and an abort signal
 * and complete normally. A correct buffer clears the timer and removes the listener of every
 * call that waited; one that forgets leaves a timer or a listener, and the closure they hold,
 * behind for each, which the child counts (./instruments.ts) and weighs after a full GC.
 */
import type { WaitingAdapter } from './adapters.ts';
import { construct, SUBJECTS } from './subjects.ts';
import type { MemoryScenario } from './types.ts';
import { timedHandOff } from './workloads.ts';

/** Capacity 1, so that about one put in three and one take in three wait (see timedHandOff), each with a timer and a listener. */
export const MEMORY_SCENARIOS: readonly MemoryScenario[] = [
  {
    kind: 'memory',
    name: 'managed-timeouts-and-signals',
    description: 'ManagedBuffer of 1, one producer and one consumer; every put and take has { timeoutMs: 60_000, signal } and completes',
    subject: SUBJECTS.managed,
    operations: 200_000,
    create: (subject) => construct<WaitingAdapter<number>>(subject, { capacity: 1 }),
    run: timedHandOff,
  },
  {
    kind: 'memory',
    name: 'blocking-timeouts-and-signals',
    description: 'BlockingBuffer of 1, one producer and one consumer; every put and take has { timeoutMs: 60_000, signal } and completes',
    subject: SUBJECTS.blocking,
    operations: 200_000,
    create: (subject) => construct<WaitingAdapter<number>>(subject, 1),
    run: timedHandOff,
  },
  {
    kind: 'memory',
    name: 'semaphore-timeouts-and-signals',
    description: 'SemaphoreBuffer of 1, one producer and one consumer; every put and take has { timeoutMs: 60_000, signal } and completes',
    subject: SUBJECTS.semaphore,
    operations: 200_000,
    create: (subject) => construct<WaitingAdapter<number>>(subject, 1),
    run: timedHandOff,
  },
];
