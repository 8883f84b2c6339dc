/**
 * The leak scenarios, defined once for `grade` and `bench`: many blocking calls that each
 * carry a timeout and an abort signal and complete normally, on a buffer of one, so that
 * about one put in three and one take in three wait (see `timedHandOff`), each with a timer
 * and a listener. A correct buffer clears the timer and removes the listener of every call
 * that waited; one that forgets leaves a timer or a listener, and the closure they hold,
 * behind for each, which the child counts (./child/instruments.ts) and weighs after a full GC
 * (./child/leaks.ts).
 */

import { type KataBuffer, sharedBoundedBuffer } from './kata-classes.ts';
import { Ledger } from './ledger.ts';
import type { MemoryScenario } from './scenario.ts';
import { timedHandOff } from './traffic.ts';

const TIMEOUT_MS = 60_000;

export interface LeakSizes {
  /** Puts and takes together in a full run. */
  readonly operations: number;
  readonly quickOperations?: number;
}

/** A class of the kata that waits with timers and signals, and how to make one of a capacity. */
export interface WaitingClass {
  readonly exportName: string;
  /** `ManagedBuffer (fifo)`: what the description calls it. */
  readonly label: string;
  buffer(subject: unknown, capacity: number): KataBuffer;
}

export function leakScenario(name: string, waiting: WaitingClass, sizes: LeakSizes): MemoryScenario {
  return {
    kind: 'memory',
    name,
    description: `${waiting.label} of 1, one producer and one consumer; every put and take has { timeoutMs: 60_000, signal } and completes`,
    subject: waiting.exportName,
    ...sizes,
    create: (subject) => waiting.buffer(subject, 1),
    run: timedHandOff,
  };
}

/**
 * SharedBoundedBuffer has no timers or listeners (it blocks its thread), so one thread
 * alternates put and take on a buffer of 4, each with a timeout, and only its heap is weighed.
 */
export function sharedLeakScenario(name: string, sizes: LeakSizes): MemoryScenario {
  return {
    kind: 'memory',
    name,
    description: 'SharedBoundedBuffer of 4, one thread: put one, take one, each with a timeout',
    subject: sharedBoundedBuffer.exportName,
    ...sizes,
    create: (subject) => {
      const buffer = sharedBoundedBuffer.create(subject, 4);
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
}
