import { ManagedBuffer } from '@target/03-strategies-and-shutdown/managed-buffer.ts';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Ledger, labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { bufferCall, bufferResult } from '../../harness/engine/models/buffer.ts';
import { managedBufferModel } from '../../harness/engine/models/managed-buffer.ts';
import { L5 } from '../../harness/levels.ts';
import { checkSchedules } from '../../harness/schedule/check-schedules.ts';
import type { GiveUpMode, World } from '../../harness/schedule/world.ts';
import { type Watched, watch } from '../../harness/testing/promises.ts';

type Mode = GiveUpMode;
const modes = fc.array(fc.constantFrom<Mode>('plain', 'plain', 'abort', 'timeout'), { minLength: 1, maxLength: 3 });
const config = fc.record({
  capacity: fc.integer({ min: 1, max: 2 }),
  // Equal priorities: the priority strategy must then keep arrival order, like FIFO.
  strategy: fc.constantFrom('fifo' as const, 'priority' as const),
  producers: fc.array(modes, { minLength: 1, maxLength: 2 }),
  consumers: fc.array(modes, { minLength: 1, maxLength: 3 }),
  shutdown: fc.constantFrom('close' as const, 'closeNow' as const),
});
type Config = typeof config extends fc.Arbitrary<infer C> ? C : never;

interface Run {
  readonly buffer: ManagedBuffer<Tagged>;
  readonly ledger: Ledger;
  leftovers: Tagged[];
  drained?: { readonly current: Watched<void> };
}

const runs = new WeakMap<World, Run>();
const isClosed = (error: unknown) => error instanceof Error && error.name === 'BufferClosedError';
const labels = (items: readonly Tagged[]) => items.map(labelOf);
const listed = (items: readonly Tagged[]) => `[${labels(items).join(', ')}]`;

function setup(world: World, { capacity, strategy, producers, consumers, shutdown }: Config): void {
  const run: Run = { buffer: new ManagedBuffer<Tagged>({ capacity, strategy }), ledger: new Ledger(), leftovers: [] };
  runs.set(world, run);
  producers.forEach((putModes, p) => {
    const name = `p${p + 1}`;
    world.actor(name, async () => {
      for (const [seq, mode] of putModes.entries()) {
        const item = tagged(name, seq);
        run.ledger.put(item);
        const options = { ...world.giveUpOptions(mode, `${name}'s put(${labelOf(item)})`), priority: 0 };
        const stored = await world
          .operation(`put(${labelOf(item)})${mode === 'plain' ? '' : ` [${mode}]`}`, () => run.buffer.put(item, options), undefined, {
            input: bufferCall.put(labelOf(item), 0),
            output: (settled) => bufferResult(settled),
          })
          .then(
            () => true,
            (error: unknown) => {
              run.ledger.withdraw(item);
              return !isClosed(error);
            },
          );
        if (!stored && run.buffer.closed) return;
      }
    });
  });
  consumers.forEach((takeModes, c) => {
    const name = `c${c + 1}`;
    world.actor(name, async () => {
      for (const mode of takeModes) {
        const options = world.giveUpOptions(mode, `${name}'s take()`);
        const outcome = await world
          .operation(`take()${mode === 'plain' ? '' : ` [${mode}]`}`, () => run.buffer.take(options), labelOf, {
            input: bufferCall.take(),
            output: (settled) => bufferResult(settled, (item) => (item === undefined ? undefined : labelOf(item))),
          })
          .then(
            (item) => ({ item }),
            (error: unknown) => ({ error }),
          );
        if ('item' in outcome) {
          run.ledger.take(name, outcome.item);
          continue;
        }
        if (!isClosed(outcome.error)) continue;
        if (run.buffer.size > 0)
          world.violation(
            `${name}'s take() was refused with BufferClosedError while ${run.buffer.size} item(s) were left: consumers must drain a closed buffer first`,
          );
        return;
      }
    });
  });
  world.later(`${shutdown}()`, () => {
    if (shutdown === 'closeNow')
      run.leftovers = world.record('closeNow()', () => run.buffer.closeNow(), listed, {
        input: bufferCall.closeNow(),
        output: (settled) => bufferResult(settled, labels),
      });
    else
      world.record('close()', () => run.buffer.close(), undefined, {
        input: bufferCall.close(),
        output: (settled) => bufferResult(settled),
      });
    run.drained = watch(run.buffer.drained());
  });
}

function stuck(world: World): string | undefined {
  const { buffer } = runs.get(world) as Run;
  const waiting = world.waiting().map(({ name, doing }) => `${name}'s ${doing}`);
  if (buffer.closed)
    return `after the shutdown, ${waiting.join(' and ')} still wait(s): every waiter must be woken (producers refused; consumers once nothing is left)`;
  return `${waiting.join(' and ')} wait(s) with the buffer at ${buffer.size}/${buffer.capacity} and nothing else left to happen`;
}

function verify(world: World): void {
  const run = runs.get(world) as Run;
  if (run.buffer.size === 0 && run.drained?.current.state === 'pending')
    world.violation('drained() has not settled although the buffer is closed and empty');
  const rest: Tagged[] = [];
  world.record(
    'poll() until undefined',
    () => {
      for (let item = run.buffer.poll(); item !== undefined; item = run.buffer.poll()) rest.push(item);
      return rest;
    },
    listed,
    { input: bufferCall.drain(), output: (settled) => bufferResult(settled, labels) },
  );
  for (const violation of run.ledger.violations([...run.leftovers, ...rest])) world.violation(violation);
}

describe(L5, () => {
  describe('ManagedBuffer', () => {
    it('whatever the moment close() or closeNow() lands among puts, takes, aborts and timeouts: nothing lost, nobody left waiting', async () => {
      await checkSchedules({
        property:
          'every item stored is taken once or returned by closeNow(), consumers drain before they are refused, the calls and returns have a linearization in the strategy order, and after the shutdown nobody waits',
        config,
        setup,
        stuck,
        verify,
        linearizable: ({ capacity, strategy }) => managedBufferModel({ capacity, strategy }),
        numRuns: 300,
      });
    });
  });
});
