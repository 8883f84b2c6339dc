/**
 * The kata's phases: where each one lives in a tree and in `tests/`, and which file holds
 * each class, so a failure can point at the file to open. A phase is built once its test
 * folder exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KATA_ROOT } from './paths.ts';

export interface Phase {
  readonly number: number;
  readonly folder: string;
  readonly title: string;
  /** Class or function name → file inside the phase folder. */
  readonly files: Readonly<Record<string, string>>;
  /** The levels its suites have. */
  readonly levels: readonly number[];
}

export const PHASES: readonly Phase[] = [
  {
    number: 1,
    folder: '01-basic-buffer',
    title: 'Basic ring buffer',
    levels: [1, 2, 3, 4],
    files: { BoundedBuffer: 'bounded-buffer.ts' },
  },
  {
    number: 2,
    folder: '02-thread-safety',
    title: 'Thread safety',
    levels: [1, 2, 3, 4, 5, 6],
    files: {
      Condition: 'condition.ts',
      BlockingBuffer: 'blocking-buffer.ts',
      SemaphoreBuffer: 'semaphore-buffer.ts',
      SharedBoundedBuffer: 'shared-buffer.ts',
    },
  },
  {
    number: 3,
    folder: '03-strategies-and-shutdown',
    title: 'Strategies and shutdown',
    levels: [1, 2, 3, 4, 5],
    files: {
      BufferStrategy: 'strategies.ts',
      FifoStrategy: 'strategies.ts',
      LifoStrategy: 'strategies.ts',
      PriorityStrategy: 'strategies.ts',
      ManagedBuffer: 'managed-buffer.ts',
    },
  },
  {
    number: 4,
    folder: '04-backpressure-and-work-stealing',
    title: 'Backpressure and work stealing',
    levels: [1, 2, 3, 4, 5],
    files: {
      BackpressureBuffer: 'backpressure-buffer.ts',
      TokenBucket: 'token-bucket.ts',
      CircuitBreaker: 'circuit-breaker.ts',
      takeBatch: 'batch.ts',
      WorkStealingDeque: 'work-stealing.ts',
      WorkStealingPool: 'work-stealing.ts',
      Pipeline: 'pipeline.ts',
    },
  },
];

/** The folder of a phase's suites, relative to the kata's root. */
export function testsFolder(phase: Phase): string {
  return `tests/phase-${phase.number}`;
}

export function isBuilt(phase: Phase): boolean {
  return existsSync(join(KATA_ROOT, testsFolder(phase)));
}

export function findPhase(number: number): Phase | undefined {
  return PHASES.find((phase) => phase.number === number);
}
