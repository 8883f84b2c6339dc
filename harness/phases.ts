/**
 * The kata's phases, declared once: where each lives in a tree and in `tests/`, which file
 * holds each class (so a failure can point at the file to open), how many points each level
 * is worth, and which classes the performance scenarios measure. The rubric, the level list,
 * `--level` validation, the points arithmetic and the measured subjects are all derived from
 * this list. A phase is built once its test folder exists.
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
  /** Each level its suites have → the correctness points it is worth (shared equally among its tests). */
  readonly levelPoints: Readonly<Record<number, number>>;
  /** The classes whose speed and memory `grade` and `bench` measure (a subset of `files`). */
  readonly measured: readonly string[];
}

export const PHASES: readonly Phase[] = [
  {
    number: 1,
    folder: '01-basic-buffer',
    title: 'Basic ring buffer',
    levelPoints: { 1: 3.75, 2: 3.75, 3: 3.75, 4: 3.75 },
    files: { BoundedBuffer: 'bounded-buffer.ts' },
    measured: ['BoundedBuffer'],
  },
  {
    number: 2,
    folder: '02-thread-safety',
    title: 'Thread safety',
    levelPoints: { 1: 5, 2: 5, 3: 5, 4: 5, 5: 5, 6: 5 },
    files: {
      Condition: 'condition.ts',
      BlockingBuffer: 'blocking-buffer.ts',
      SemaphoreBuffer: 'semaphore-buffer.ts',
      SharedBoundedBuffer: 'shared-buffer.ts',
    },
    measured: ['BlockingBuffer', 'SemaphoreBuffer', 'SharedBoundedBuffer'],
  },
  {
    number: 3,
    folder: '03-strategies-and-shutdown',
    title: 'Strategies and shutdown',
    levelPoints: { 1: 4, 2: 4, 3: 4, 4: 4, 5: 4 },
    files: {
      BufferStrategy: 'strategies.ts',
      FifoStrategy: 'strategies.ts',
      LifoStrategy: 'strategies.ts',
      PriorityStrategy: 'strategies.ts',
      ManagedBuffer: 'managed-buffer.ts',
    },
    measured: ['ManagedBuffer'],
  },
  {
    number: 4,
    folder: '04-backpressure-and-work-stealing',
    title: 'Backpressure and work stealing',
    levelPoints: { 1: 5, 2: 5, 3: 5, 4: 5, 5: 5 },
    files: {
      BackpressureBuffer: 'backpressure-buffer.ts',
      TokenBucket: 'token-bucket.ts',
      CircuitBreaker: 'circuit-breaker.ts',
      takeBatch: 'batch.ts',
      WorkStealingDeque: 'work-stealing.ts',
      WorkStealingPool: 'work-stealing.ts',
      Pipeline: 'pipeline.ts',
    },
    measured: ['BackpressureBuffer'],
  },
];

/** The levels a phase's suites have, in order. */
export function levelsOf(phase: Phase): number[] {
  return Object.keys(phase.levelPoints)
    .map(Number)
    .sort((a, b) => a - b);
}

/** A phase's correctness points: the sum of its levels'. */
export function pointsOf(phase: Phase): number {
  return Object.values(phase.levelPoints).reduce((sum, points) => sum + points, 0);
}

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

/** The phase whose suites a test file (a path containing `tests/phase-N/`) belongs to. */
export function phaseOfTestFile(file: string): Phase | undefined {
  const normalized = file.replaceAll('\\', '/');
  return PHASES.find((phase) => normalized.includes(`${testsFolder(phase)}/`));
}

/** A measured class: its phase, and its file inside a tree (`02-thread-safety/blocking-buffer.ts`). */
export interface Subject {
  readonly phase: number;
  readonly file: string;
  readonly exportName: string;
}

/** The measured class named `exportName`; throws for a class the registry does not measure. */
export function subjectOf(exportName: string): Subject {
  for (const phase of PHASES) {
    const file = phase.files[exportName];
    if (file !== undefined && phase.measured.includes(exportName))
      return { phase: phase.number, file: `${phase.folder}/${file}`, exportName };
  }
  throw new RangeError(`${exportName} is not a measured class of any phase (see harness/phases.ts)`);
}
