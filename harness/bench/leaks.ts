/**
 * The bench's memory scenarios, one per buffer of the tree: heap growth over ten million
 * operations (half a million in a quick run) and the timers and abort listeners still alive at
 * the end. Every call carries a timeout and an abort signal that never fire, as in
 * `npm run grade` (../perf/memory-scenarios.ts), on a buffer of one so that calls wait.
 * SharedBoundedBuffer has no timers or listeners (it blocks its thread), so one thread
 * alternates put and take on it, each with a timeout, and only its heap is weighed.
 */
import type { WaitingAdapter } from '../perf/adapters.ts';
import { Ledger } from '../perf/ledger.ts';
import { construct, SUBJECTS } from '../perf/subjects.ts';
import type { MemoryScenario } from '../perf/types.ts';
import { timedHandOff } from '../perf/workloads.ts';
import { TREE_CONTENDERS } from './tree-contenders.ts';

const OPERATIONS = 10_000_000;
const QUICK_OPERATIONS = 500_000;
const TIMEOUT_MS = 60_000;

interface SharedBuffer {
  put(value: number, timeoutMs?: number): boolean;
  take(timeoutMs?: number): number | undefined;
}

const ARGUMENTS: Readonly<Record<string, (capacity: number) => unknown>> = {
  'managed-fifo': (capacity) => ({ capacity, strategy: 'fifo' }),
  'managed-lifo': (capacity) => ({ capacity, strategy: 'lifo' }),
  'managed-priority': (capacity) => ({ capacity, strategy: 'priority' }),
  'backpressure-block': (capacity) => ({ capacity, policy: 'block' }),
};

const timed = TREE_CONTENDERS.map(
  (contender): MemoryScenario => ({
    kind: 'memory',
    name: `${contender.id}@leaks`,
    description: `${contender.label} of 1: every put and take with { timeoutMs, signal }`,
    subject: contender.subject,
    operations: OPERATIONS,
    quickOperations: QUICK_OPERATIONS,
    create: (subject) => construct<WaitingAdapter<number>>(subject, (ARGUMENTS[contender.id] ?? ((capacity) => capacity))(1)),
    run: timedHandOff,
  }),
);

const shared: MemoryScenario = {
  kind: 'memory',
  name: 'shared@leaks',
  description: 'SharedBoundedBuffer of 4, one thread: put one, take one, each with a timeout',
  subject: SUBJECTS.shared,
  operations: OPERATIONS,
  quickOperations: QUICK_OPERATIONS,
  create: (subject) => {
    const buffer = (subject as { create(capacity: number): SharedBuffer }).create(4);
    return {
      put: async (item) => {
        buffer.put(item, TIMEOUT_MS);
      },
      take: async () => buffer.take(TIMEOUT_MS) as number,
    };
  },
  run: async (buffer, operations, signals) => {
    const items = operations >> 1;
    const ledger = new Ledger({ producers: 1, perProducer: items, consumers: 1 });
    const options = { timeoutMs: TIMEOUT_MS, signal: signals[0] as AbortSignal };
    for (let i = 0; i < items; i++) {
      await buffer.put(i, options);
      ledger.receive(0, await buffer.take(options));
    }
    ledger.finish();
  },
};

export const LEAK_SCENARIOS: readonly MemoryScenario[] = [...timed, shared];
