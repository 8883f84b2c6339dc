import { Condition } from '@target/02-thread-safety/condition.ts';
import { Mutex } from 'async-mutex';
import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { Ledger, labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { blockingBufferModel } from '../../harness/engine/models/blocking-buffer.ts';
import { bufferCall, bufferResult } from '../../harness/engine/models/buffer.ts';
import { L5 } from '../../harness/levels.ts';
import { checkSchedules } from '../../harness/schedule/check-schedules.ts';
import type { GiveUpMode, World } from '../../harness/schedule/world.ts';
import { BUFFERS, type Buffer, type BufferKind } from './buffers.ts';

vi.mock('async-mutex', async (importOriginal) => {
  const { scheduledAsyncMutex } = await import('../../harness/schedule/scheduled-async-mutex.ts');
  return scheduledAsyncMutex(await importOriginal());
});

type Mode = GiveUpMode;
const modes = fc.array(fc.constantFrom<Mode>('plain', 'plain', 'abort', 'timeout'), { minLength: 1, maxLength: 3 });
const config = fc.record({
  capacity: fc.integer({ min: 1, max: 2 }),
  producers: fc.array(modes, { minLength: 1, maxLength: 2 }),
  consumers: fc.array(modes, { minLength: 1, maxLength: 2 }),
  polls: fc.nat({ max: 2 }),
});
type Config = typeof config extends fc.Arbitrary<infer C> ? C : never;

/** The shared state of one schedule: the buffer, the ledger, and a signal that ends leftovers. */
interface Run {
  readonly buffer: Buffer<Tagged>;
  readonly ledger: Ledger;
  readonly teardown: AbortController;
}

const runs = new WeakMap<World, Run>();
/** An item's label for the history, or undefined for none (which a take must never return). */
const labelOrNone = (item: Tagged | undefined) => (item === undefined ? undefined : labelOf(item));

function checkSize(world: World, buffer: Buffer<Tagged>): void {
  if (buffer.size > buffer.capacity) world.violation(`size ${buffer.size} is above the capacity ${buffer.capacity}`);
}

function setup(kind: BufferKind) {
  return (world: World, { capacity, producers, consumers, polls }: Config) => {
    const run: Run = { buffer: kind.create<Tagged>(capacity), ledger: new Ledger(), teardown: new AbortController() };
    runs.set(world, run);
    producers.forEach((putModes, p) => {
      const name = `p${p + 1}`;
      world.actor(name, async () => {
        for (const [seq, mode] of putModes.entries()) {
          const item = tagged(name, seq);
          run.ledger.put(item);
          const options = world.giveUpOptions(mode, `${name}'s put(${labelOf(item)})`, run.teardown.signal);
          await world
            .operation(`put(${labelOf(item)})${mode === 'plain' ? '' : ` [${mode}]`}`, () => run.buffer.put(item, options), undefined, {
              input: bufferCall.put(labelOf(item)),
              output: (settled) => bufferResult(settled),
            })
            .catch(() => run.ledger.withdraw(item));
          checkSize(world, run.buffer);
        }
      });
    });
    consumers.forEach((takeModes, c) => {
      const name = `c${c + 1}`;
      world.actor(name, async () => {
        for (const mode of takeModes) {
          const options = world.giveUpOptions(mode, `${name}'s take()`, run.teardown.signal);
          const what = `take()${mode === 'plain' ? '' : ` [${mode}]`}`;
          const item = await world
            .operation(what, () => run.buffer.take(options), labelOf, {
              input: bufferCall.take(),
              output: (settled) => bufferResult(settled, labelOrNone),
            })
            .catch(() => null);
          if (item === undefined)
            world.violation(
              `${name}'s take() resolved with undefined: it went on after a wake-up without checking that an item was still there`,
            );
          else if (item !== null) run.ledger.take(name, item);
          checkSize(world, run.buffer);
        }
      });
    });
    if (polls > 0) {
      world.actor('q1', async () => {
        for (let i = 0; i < polls; i++) {
          await world.scheduler.schedule(Promise.resolve(), 'q1 polls');
          const item = world.record(
            'poll()',
            () => run.buffer.poll(),
            (polled) => labelOrNone(polled) ?? 'undefined',
            {
              input: bufferCall.poll(),
              output: (settled) => bufferResult(settled, labelOrNone),
            },
          );
          world.note(`poll() → ${item === undefined ? 'undefined' : labelOf(item)}`);
          if (item !== undefined) run.ledger.take('q1', item);
        }
      });
    }
  };
}

function stuck(world: World): string | undefined {
  const { buffer } = runs.get(world) as Run;
  for (const { name, doing } of world.waiting()) {
    if (doing.startsWith('take') && buffer.size > 0) {
      return `${name}'s ${doing} is still waiting although the buffer holds ${buffer.size} item(s): a wake-up was lost`;
    }
    if (doing.startsWith('put') && buffer.size < buffer.capacity) {
      return `${name}'s ${doing} is still waiting although there is room (${buffer.size}/${buffer.capacity}): a wake-up was lost`;
    }
  }
  return undefined;
}

function verify(world: World): void {
  const { buffer, ledger } = runs.get(world) as Run;
  const leftovers: Tagged[] = [];
  world.record(
    'drainTo(sink)',
    () => buffer.drainTo(leftovers),
    () => `[${leftovers.map(labelOf).join(', ')}]`,
    { input: bufferCall.drain(), output: (settled) => bufferResult(settled, () => leftovers.map(labelOf)) },
  );
  for (const violation of ledger.violations(leftovers)) world.violation(violation);
}

const conditionConfig = fc.record({
  waiters: fc.array(fc.constantFrom<Mode>('plain', 'plain', 'abort', 'timeout'), { minLength: 1, maxLength: 3 }),
  signallers: fc.array(fc.constantFrom('signal', 'signal', 'signalAll'), { minLength: 1, maxLength: 3 }),
});
type ConditionConfig = typeof conditionConfig extends fc.Arbitrary<infer C> ? C : never;

/** Tickets guarded by a mutex: signallers add one and signal, waiters wait in a while loop and take one. */
interface Tickets {
  readonly mutex: Mutex;
  readonly condition: Condition;
  readonly teardown: AbortController;
  count: number;
  /** Who believes they hold the mutex now. */
  readonly holders: Set<string>;
}

const tickets = new WeakMap<World, Tickets>();

function hold(world: World, state: Tickets, name: string): void {
  state.holders.add(name);
  if (state.holders.size > 1)
    world.violation(`${[...state.holders].join(' and ')} hold the mutex at the same time: a wait() settled without re-acquiring it`);
}

function setupTickets(world: World, { waiters, signallers }: ConditionConfig): void {
  const mutex = new Mutex();
  const state: Tickets = { mutex, condition: new Condition(mutex), teardown: new AbortController(), count: 0, holders: new Set() };
  tickets.set(world, state);
  waiters.forEach((mode, w) => {
    const name = `w${w + 1}`;
    world.actor(name, async () => {
      await mutex.acquire();
      hold(world, state, name);
      try {
        while (state.count === 0) {
          state.holders.delete(name);
          const options = world.giveUpOptions(mode, `${name}'s wait()`, state.teardown.signal);
          await world
            .operation(`wait()${mode === 'plain' ? '' : ` [${mode}]`}`, () => state.condition.wait(options))
            .finally(() => hold(world, state, name));
        }
        state.count--;
        world.note(`takes a ticket (${state.count} left)`);
      } catch {
        // Gave up: it must still hold the mutex, which the finally below releases.
      } finally {
        state.holders.delete(name);
        mutex.release();
      }
    });
  });
  signallers.forEach((how, i) => {
    const name = `s${i + 1}`;
    world.actor(name, async () => {
      await mutex.acquire();
      hold(world, state, name);
      state.count++;
      world.note(`adds a ticket (${state.count}) and calls ${how}()`);
      if (how === 'signal') state.condition.signal();
      else state.condition.signalAll();
      state.holders.delete(name);
      mutex.release();
    });
  });
}

function ticketsStuck(world: World): string | undefined {
  const state = tickets.get(world) as Tickets;
  const waiting = world.waiting();
  if (waiting.length > 0 && state.count > 0) {
    return `${waiting.map((actor) => actor.name).join(', ')} still wait(s) although ${state.count} ticket(s) are there: a signal was lost, or spent on a waiter that then gave up`;
  }
  return undefined;
}

describe(L5, () => {
  describe('Condition', () => {
    it('whatever the schedule of waits, signals, aborts and timeouts: no signal is lost and the mutex is always held by one caller', async () => {
      await checkSchedules({
        property: 'a waiter never waits while a ticket is there for it, and wait() always settles holding the mutex',
        config: conditionConfig,
        setup: setupTickets,
        stuck: ticketsStuck,
        teardown: (world) => tickets.get(world)?.teardown.abort(),
        numRuns: 300,
      });
    });
  });

  for (const kind of BUFFERS) {
    describe(kind.name, () => {
      it('whatever the schedule of puts, takes, polls, aborts and timeouts: nothing lost, taken twice or returned as undefined, and no lost wake-up', async () => {
        await checkSchedules({
          property:
            'every item put is taken exactly once or is still in the buffer, a put or take that gave up had no effect, no take returns undefined, the calls and returns have a linearization as a FIFO of the capacity, and nobody waits while they could go on',
          config,
          setup: setup(kind),
          stuck,
          teardown: (world) => runs.get(world)?.teardown.abort(),
          verify,
          linearizable: ({ capacity }) => blockingBufferModel(capacity, { onSemaphores: kind.name === 'SemaphoreBuffer' }),
          numRuns: 150,
        });
      });
    });
  }
});
