/**
 * Every scenario of `npm run bench`, named `<contender>@<workload>`: each contender through
 * each hand-off workload (1/1, 4/4 and 16/16 at capacities 1, 16 and 1024, every put and take
 * awaited) and the ping-pong; the eager hand-off (offer/poll first) for those that have calls
 * which never wait, beside the synchronous ring; the cross-thread scenarios; and the leak
 * scenarios. The child loads this module to find a scenario by name (../perf/child-main.ts).
 */

import { SUBJECTS } from '../perf/subjects.ts';
import type { AnyScenario, ThroughputScenario, TreelessScenario } from '../perf/types.ts';
import { eagerHandOff, handOff, pingPong, ringLoop } from '../perf/workloads.ts';
import { syncRing } from './ceilings.ts';
import { CONTENDERS, type Contender } from './contenders.ts';
import { LEAK_SCENARIOS } from './leaks.ts';
import { postMessageThreads, sharedBufferThreads, transferredBatchThreads } from './threads/across-threads.ts';
import { EAGER, HAND_OFFS, PING_PONG, roundItems, SYNC_RING, THREADS, type Workload } from './workloads.ts';

type Throughput = ThroughputScenario | TreelessScenario;

function scenario(contender: Contender, workload: Workload, run: Throughput['run']): Throughput {
  const items = roundItems(workload.items * contender.pace);
  const quickItems = roundItems(workload.quickItems * contender.pace);
  const base = { kind: 'throughput', phase: 0, name: `${contender.id}@${workload.id}`, items, quickItems, clock: 'cpu', run } as const;
  const description = `${contender.label}: ${workload.label}`;
  return contender.subject ? { ...base, description, subject: contender.subject } : { ...base, description, subject: null };
}

function handOffs(contender: Contender): Throughput[] {
  const { ordered } = contender;
  return HAND_OFFS.map((workload) =>
    scenario(contender, workload, async (subject, items) => {
      const buffer = await contender.create(subject, workload.capacity);
      await handOff(buffer, { producers: workload.producers, consumers: workload.producers, items, ordered });
    }),
  );
}

function pingPongOf(contender: Contender): Throughput[] {
  if (contender.kind === 'ceiling') return [];
  return [
    scenario(contender, PING_PONG, async (subject, items, probe) => {
      const [ping, pong] = await Promise.all([contender.create(subject, 1), contender.create(subject, 1)]);
      probe.latencies(await pingPong(ping, pong, items, probe.now));
    }),
  ];
}

function eager(contender: Contender): Throughput[] {
  const { createEager, ordered } = contender;
  if (!createEager) return [];
  return [
    scenario(contender, EAGER, async (subject, items) => {
      const buffer = await createEager(subject, EAGER.capacity);
      await eagerHandOff(buffer, { producers: 1, consumers: 1, items, ordered });
    }),
  ];
}

const SYNC_CEILING: TreelessScenario = {
  kind: 'throughput',
  phase: 0,
  name: `ceiling-sync@${EAGER.id}`,
  description: `ceiling: a synchronous ring, no promises: ${SYNC_RING.label}`,
  subject: null,
  items: SYNC_RING.items,
  quickItems: SYNC_RING.quickItems,
  clock: 'cpu',
  run: async (_, items) => ringLoop(syncRing(SYNC_RING.capacity), items, SYNC_RING.capacity),
};

const threadScenarios: Throughput[] = [
  {
    kind: 'throughput',
    phase: 0,
    name: `shared@${THREADS.id}`,
    description: `SharedBoundedBuffer: ${THREADS.label}`,
    subject: SUBJECTS.shared,
    items: THREADS.items,
    quickItems: THREADS.quickItems,
    run: (subject, items, probe) => sharedBufferThreads(subject, items, THREADS.capacity, probe),
  },
  {
    kind: 'throughput',
    phase: 0,
    name: `post-message@${THREADS.id}`,
    description: `MessagePort.postMessage per item: ${THREADS.label}`,
    subject: null,
    items: roundItems(THREADS.items / 20),
    quickItems: roundItems(THREADS.quickItems / 20),
    run: (_, items, probe) => postMessageThreads(items, THREADS.capacity, probe),
  },
  {
    kind: 'throughput',
    phase: 0,
    name: `post-batches@${THREADS.id}`,
    description: `postMessage of transferred Int32Array batches: ${THREADS.label}`,
    subject: null,
    items: THREADS.items,
    quickItems: THREADS.quickItems,
    run: (_, items, probe) => transferredBatchThreads(items, THREADS.capacity, probe),
  },
];

export const BENCH_SCENARIOS: readonly AnyScenario[] = [
  ...CONTENDERS.flatMap((contender) => [...handOffs(contender), ...pingPongOf(contender), ...eager(contender)]),
  SYNC_CEILING,
  ...threadScenarios,
  ...LEAK_SCENARIOS,
];

const byName = new Map(BENCH_SCENARIOS.map((entry) => [entry.name, entry]));

export function scenarioNamed(name: string): AnyScenario {
  const found = byName.get(name);
  if (!found) throw new RangeError(`no bench scenario is named ${name}`);
  return found;
}
