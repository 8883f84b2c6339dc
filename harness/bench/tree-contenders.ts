/**
 * The kata's buffers as bench contenders: each made from the class the child loaded from the
 * tree under test (the target's or the reference's), driven through the same adapters as the
 * peers. BackpressureBuffer runs with the `block` policy, the one that loses nothing.
 */
import type { EagerAdapter } from '../perf/adapters.ts';
import { construct, SUBJECTS } from '../perf/subjects.ts';

interface KataBuffer {
  put(item: number): Promise<void>;
  take(): Promise<number>;
  offer(item: number): boolean;
  poll(): number | undefined;
}

export interface TreeContender {
  readonly id: string;
  readonly label: string;
  readonly subject: { readonly file: string; readonly exportName: string };
  /** Whether each producer's items come out in the order they went in. */
  readonly ordered: boolean;
  create(subject: unknown, capacity: number): EagerAdapter<number>;
}

function adapter(buffer: KataBuffer): EagerAdapter<number> {
  return {
    put: (item) => buffer.put(item),
    take: () => buffer.take(),
    offer: (item) => buffer.offer(item),
    poll: () => buffer.poll(),
  };
}

const managed = (strategy: 'fifo' | 'lifo' | 'priority'): TreeContender => ({
  id: `managed-${strategy}`,
  label: `ManagedBuffer (${strategy})`,
  subject: SUBJECTS.managed,
  ordered: strategy !== 'lifo',
  create: (subject, capacity) => adapter(construct(subject, { capacity, strategy })),
});

export const TREE_CONTENDERS: readonly TreeContender[] = [
  managed('fifo'),
  managed('lifo'),
  managed('priority'),
  {
    id: 'backpressure-block',
    label: 'BackpressureBuffer (block)',
    subject: SUBJECTS.backpressure,
    ordered: true,
    create: (subject, capacity) => adapter(construct(subject, { capacity, policy: 'block' })),
  },
  {
    id: 'blocking',
    label: 'BlockingBuffer (mutex + conditions)',
    subject: SUBJECTS.blocking,
    ordered: true,
    create: (subject, capacity) => adapter(construct(subject, capacity)),
  },
  {
    id: 'semaphore',
    label: 'SemaphoreBuffer (two semaphores)',
    subject: SUBJECTS.semaphore,
    ordered: true,
    create: (subject, capacity) => adapter(construct(subject, capacity)),
  },
];
