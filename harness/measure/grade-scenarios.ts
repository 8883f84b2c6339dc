/**
 * The catalogue of `npm run grade` (and of `measureTree` when it is given none): the
 * throughput and latency scenarios, then the leak scenarios. Each binds a class of the kata
 * (./kata-classes.ts) to traffic of ./traffic.ts. Throughput item counts are sized for 150 to
 * 300 ms on the reference solution on a modest machine. The child loads this module (see
 * ./catalogue.ts).
 */
import { lookup } from './catalogue.ts';
import { backpressureBuffer, blockingBuffer, boundedBuffer, managedBuffer, semaphoreBuffer } from './kata-classes.ts';
import { leakScenario } from './leak-scenarios.ts';
import type { MemoryScenario, Scenario, ThroughputScenario } from './scenario.ts';
import { handOff, lossyStream, pingPong, ringLoop } from './traffic.ts';

const THROUGHPUT: readonly ThroughputScenario[] = [
  {
    kind: 'throughput',
    name: 'p1-ring-offer-poll',
    description: 'BoundedBuffer of 1024 kept half full: offer one, poll one, synchronously',
    subject: boundedBuffer.exportName,
    items: 3_200_000,
    run: async (subject, items) => ringLoop(boundedBuffer.ring(subject, 1024), items, 1024),
  },
  {
    kind: 'throughput',
    name: 'p2-blocking-1x1',
    description: 'BlockingBuffer of 16, one producer and one consumer, every put and take awaited',
    subject: blockingBuffer.exportName,
    items: 80_000,
    run: (subject, items) => handOff(blockingBuffer.buffer(subject, 16), { producers: 1, consumers: 1, items }),
  },
  {
    kind: 'throughput',
    name: 'p2-semaphore-1x1',
    description: 'SemaphoreBuffer of 16, one producer and one consumer, every put and take awaited',
    subject: semaphoreBuffer.exportName,
    items: 320_000,
    run: (subject, items) => handOff(semaphoreBuffer.buffer(subject, 16), { producers: 1, consumers: 1, items }),
  },
  {
    kind: 'throughput',
    name: 'p3-managed-4x4',
    description: 'ManagedBuffer (fifo) of 16, four producers and four consumers, every put and take awaited',
    subject: managedBuffer.exportName,
    items: 819_200,
    run: (subject, items) => handOff(managedBuffer.buffer(subject, 16, 'fifo'), { producers: 4, consumers: 4, items }),
  },
  {
    kind: 'throughput',
    name: 'p3-managed-handoff-latency',
    description: 'Round trip through two ManagedBuffers of capacity 1 (ping, echo, pong): round trips per second and their p50/p99',
    subject: managedBuffer.exportName,
    items: 320_000,
    run: async (subject, items, probe) => {
      const [ping, pong] = [managedBuffer.buffer(subject, 1), managedBuffer.buffer(subject, 1)];
      probe.latencies(await pingPong(ping, pong, items, probe.now));
    },
  },
  {
    kind: 'throughput',
    name: 'p4-backpressure-drop-oldest',
    description: 'BackpressureBuffer of 16 with drop-oldest: a producer twice as fast as its consumer, one poll per two puts',
    subject: backpressureBuffer.exportName,
    items: 1_474_560,
    run: (subject, items) => lossyStream(backpressureBuffer.dropping(subject, 16), items, 2),
  },
];

const LEAKS: readonly MemoryScenario[] = [
  leakScenario('managed-timeouts-and-signals', { ...managedBuffer, label: 'ManagedBuffer' }, { operations: 200_000 }),
  leakScenario('blocking-timeouts-and-signals', { ...blockingBuffer, label: 'BlockingBuffer' }, { operations: 200_000 }),
  leakScenario('semaphore-timeouts-and-signals', { ...semaphoreBuffer, label: 'SemaphoreBuffer' }, { operations: 200_000 }),
];

/** Every scenario of `npm run grade`, throughput first. */
export const GRADE_SCENARIOS: readonly Scenario[] = [...THROUGHPUT, ...LEAKS];

export const scenarioNamed = lookup(GRADE_SCENARIOS, 'grade');
