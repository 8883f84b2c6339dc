/**
 * The throughput and latency scenarios of `npm run grade`: each binds a class of the tree to
 * a workload of ./workloads.ts through a small adapter. Item counts are sized for 150 to 300
 * ms on the reference solution on a modest machine.
 */
import type { AsyncAdapter, LossyAdapter, SyncAdapter } from './adapters.ts';
import { WrongAnswer } from './ledger.ts';
import { construct, SUBJECTS } from './subjects.ts';
import type { ThroughputScenario } from './types.ts';
import { handOff, lossyStream, pingPong, ringLoop } from './workloads.ts';

interface Ring {
  offer(item: number): boolean;
  poll(): number | undefined;
  readonly size: number;
}
interface Blocking {
  put(item: number): Promise<void>;
  take(): Promise<number>;
}
interface Lossy extends Blocking {
  poll(): number | undefined;
}

function ring(subject: unknown, capacity: number): SyncAdapter<number> {
  const buffer = construct<Ring>(subject, capacity);
  return {
    put: (item) => {
      if (!buffer.offer(item)) throw new WrongAnswer(`offer() refused an item with ${buffer.size} of ${capacity} slots used`);
    },
    take: () => buffer.poll(),
  };
}

function blocking(buffer: Blocking): AsyncAdapter<number> {
  return { put: (item) => buffer.put(item), take: () => buffer.take() };
}

export const THROUGHPUT_SCENARIOS: readonly ThroughputScenario[] = [
  {
    kind: 'throughput',
    name: 'p1-ring-offer-poll',
    phase: 1,
    description: 'BoundedBuffer of 1024 kept half full: offer one, poll one, synchronously',
    subject: SUBJECTS.bounded,
    items: 3_200_000,
    run: async (subject, items) => ringLoop(ring(subject, 1024), items, 1024),
  },
  {
    kind: 'throughput',
    name: 'p2-blocking-1x1',
    phase: 2,
    description: 'BlockingBuffer of 16, one producer and one consumer, every put and take awaited',
    subject: SUBJECTS.blocking,
    items: 80_000,
    run: (subject, items) => handOff(blocking(construct(subject, 16)), { producers: 1, consumers: 1, items }),
  },
  {
    kind: 'throughput',
    name: 'p2-semaphore-1x1',
    phase: 2,
    description: 'SemaphoreBuffer of 16, one producer and one consumer, every put and take awaited',
    subject: SUBJECTS.semaphore,
    items: 320_000,
    run: (subject, items) => handOff(blocking(construct(subject, 16)), { producers: 1, consumers: 1, items }),
  },
  {
    kind: 'throughput',
    name: 'p3-managed-4x4',
    phase: 3,
    description: 'ManagedBuffer (fifo) of 16, four producers and four consumers, every put and take awaited',
    subject: SUBJECTS.managed,
    items: 819_200,
    run: (subject, items) =>
      handOff(blocking(construct(subject, { capacity: 16, strategy: 'fifo' })), { producers: 4, consumers: 4, items }),
  },
  {
    kind: 'throughput',
    name: 'p3-managed-handoff-latency',
    phase: 3,
    description: 'Round trip through two ManagedBuffers of capacity 1 (ping, echo, pong): round trips per second and their p50/p99',
    subject: SUBJECTS.managed,
    items: 320_000,
    run: async (subject, items, probe) => {
      const ping = blocking(construct(subject, { capacity: 1 }));
      const pong = blocking(construct(subject, { capacity: 1 }));
      probe.latencies(await pingPong(ping, pong, items, probe.now));
    },
  },
  {
    kind: 'throughput',
    name: 'p4-backpressure-drop-oldest',
    phase: 4,
    description: 'BackpressureBuffer of 16 with drop-oldest: a producer twice as fast as its consumer, one poll per two puts',
    subject: SUBJECTS.backpressure,
    items: 1_474_560,
    run: async (subject, items) => {
      let dropped = 0;
      const buffer = construct<Lossy>(subject, { capacity: 16, policy: 'drop-oldest', onDrop: () => dropped++ });
      const adapter: LossyAdapter<number> = { put: (item) => buffer.put(item), poll: () => buffer.poll(), dropped: () => dropped };
      await lossyStream(adapter, items, 2);
    },
  },
];
