/**
 * Every scenario of `npm run bench`, named `<contender>@<workload>`: each contender through
 * each hand-off workload (1/1, 4/4 and 16/16 at capacities 1, 16 and 1024, every put and take
 * awaited) and the ping-pong; the eager hand-off (offer/poll first) for those that have calls
 * which never wait, beside the synchronous ring; the cross-thread scenarios; and a leak
 * scenario per buffer of the tree (../measure/leak-scenarios.ts). The measuring child loads
 * this module to find a scenario by name (see ../measure/catalogue.ts).
 */
import { lookup } from '../measure/catalogue.ts';
import { sharedBoundedBuffer } from '../measure/kata-classes.ts';
import { leakScenario, sharedLeakScenario } from '../measure/leak-scenarios.ts';
import type { AnyScenario, Probe, ThroughputScenario, TreelessScenario } from '../measure/scenario.ts';
import { eagerHandOff, handOff, pingPong, ringLoop } from '../measure/traffic.ts';
import { syncRing } from './ceilings.ts';
import { CONTENDERS, type Contender } from './contenders.ts';
import { postMessageThreads, sharedBufferThreads, transferredBatchThreads } from './threads/across-threads.ts';
import { TREE_CONTENDERS } from './tree-contenders.ts';
import { EAGER, HAND_OFFS, PING_PONG, roundItems, SYNC_RING, THREADS, type Workload } from './workload-specs.ts';

type Throughput = ThroughputScenario<string | null>;

/** A leak check: ten million operations, half a million in a quick run. */
const LEAK_SIZES = { operations: 10_000_000, quickOperations: 500_000 };

function scenario(contender: Contender, workload: Workload, run: Throughput['run']): Throughput {
  return {
    kind: 'throughput',
    name: `${contender.id}@${workload.id}`,
    description: `${contender.label}: ${workload.label}`,
    subject: contender.subject,
    items: roundItems(workload.items * contender.pace),
    quickItems: roundItems(workload.quickItems * contender.pace),
    clock: 'cpu',
    run,
  };
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
  name: `ceiling-sync@${EAGER.id}`,
  description: `ceiling: a synchronous ring, no promises: ${SYNC_RING.label}`,
  subject: null,
  items: SYNC_RING.items,
  quickItems: SYNC_RING.quickItems,
  clock: 'cpu',
  run: async (_, items) => ringLoop(syncRing(SYNC_RING.capacity), items, SYNC_RING.capacity),
};

type Moves = (subject: unknown, items: number, capacity: number, probe: Probe) => Promise<void>;

/** A cross-thread scenario, timed on the wall clock, with a `per`-th of the workload's items. */
function acrossThreads(id: string, label: string, subject: string | null, per: number, moves: Moves): Throughput {
  return {
    kind: 'throughput',
    name: `${id}@${THREADS.id}`,
    description: `${label}: ${THREADS.label}`,
    subject,
    items: roundItems(THREADS.items / per),
    quickItems: roundItems(THREADS.quickItems / per),
    run: (loaded, items, probe) => moves(loaded, items, THREADS.capacity, probe),
  };
}

const THREAD_SCENARIOS: readonly Throughput[] = [
  acrossThreads('shared', 'SharedBoundedBuffer', sharedBoundedBuffer.exportName, 1, sharedBufferThreads),
  acrossThreads('post-message', 'MessagePort.postMessage per item', null, 20, (_, ...rest) => postMessageThreads(...rest)),
  acrossThreads('post-batches', 'postMessage of transferred Int32Array batches', null, 1, (_, ...rest) => transferredBatchThreads(...rest)),
];

export const BENCH_SCENARIOS: readonly AnyScenario[] = [
  ...CONTENDERS.flatMap((contender) => [...handOffs(contender), ...pingPongOf(contender), ...eager(contender)]),
  SYNC_CEILING,
  ...THREAD_SCENARIOS,
  ...TREE_CONTENDERS.map((contender) => leakScenario(`${contender.id}@leaks`, contender, LEAK_SIZES)),
  sharedLeakScenario('shared@leaks', LEAK_SIZES),
];

export const scenarioNamed = lookup(BENCH_SCENARIOS, 'bench');
