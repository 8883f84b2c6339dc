import { BackpressureBuffer } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { backpressureBufferModel } from '../../harness/engine/models/backpressure-buffer.ts';
import { bufferCall, bufferResult } from '../../harness/engine/models/buffer.ts';
import { L5 } from '../../harness/levels.ts';
import { checkSchedules } from '../../harness/schedule/check-schedules.ts';
import { type GiveUpMode, World } from '../../harness/schedule/world.ts';
import { type Watched, watch } from '../../harness/testing/promises.ts';
import { Accounts, POLICIES } from './backpressure-support.ts';

const mode = fc.constantFrom<GiveUpMode>('plain', 'plain', 'abort', 'timeout');
const puts = fc.array(fc.record({ mode, priority: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 3 });
const config = fc.record({
  capacity: fc.integer({ min: 1, max: 2 }),
  policy: fc.constantFrom(...POLICIES),
  strategy: fc.constantFrom('fifo' as const, 'lifo' as const, 'priority' as const),
  producers: fc.array(puts, { minLength: 1, maxLength: 3 }),
  consumers: fc.array(fc.array(mode, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  shutdown: fc.constantFrom('close' as const, 'closeNow' as const),
});
type Config = typeof config extends fc.Arbitrary<infer C> ? C : never;

interface Run {
  readonly buffer: BackpressureBuffer<Tagged>;
  readonly accounts: Accounts;
  drained?: { readonly current: Watched<void> };
}

const runs = new WeakMap<World, Run>();
const nameOf = (error: unknown) => (error instanceof Error ? error.name : String(error));
const labels = (items: readonly Tagged[]) => items.map(labelOf);
const listed = (items: readonly Tagged[]) => `[${labels(items).join(', ')}]`;

function setup(world: World, { capacity, policy, strategy, producers, consumers, shutdown }: Config): void {
  const accounts = new Accounts();
  /** Items onDrop received, by the actor whose call was running: recorded in the history with that call. */
  const drops = new Map<string, string[]>();
  const dropsDuring = (actor: string) => {
    const list = drops.get(actor) ?? [];
    drops.delete(actor);
    return list;
  };
  const dropNote = (actor: string) => (drops.has(actor) ? `, onDrop(${drops.get(actor)?.join(', ')})` : '');
  const checkSize = (after: string) => {
    if (buffer.size > capacity) world.violation(`size ${buffer.size} is above the capacity ${capacity} after ${after}`);
  };
  const buffer = new BackpressureBuffer<Tagged>({
    capacity,
    policy,
    strategy,
    onDrop: (item, reason) => {
      world.note(`      onDrop(${labelOf(item)}, '${reason}')`);
      if (reason !== policy) world.violation(`onDrop received reason '${reason}' for ${labelOf(item)}, expected '${policy}'`);
      accounts.leave(labelOf(item), 'was dropped');
      checkSize(`dropping ${labelOf(item)}`);
      const actor = World.actorName();
      if (actor === 'test')
        world.record(`onDrop(${labelOf(item)})`, () => undefined, undefined, { input: bufferCall.dropped(labelOf(item)) });
      else drops.set(actor, [...(drops.get(actor) ?? []), labelOf(item)]);
    },
  });
  const run: Run = { buffer, accounts };
  runs.set(world, run);
  producers.forEach((putList, p) => {
    const name = `p${p + 1}`;
    world.actor(name, async () => {
      for (const [seq, { mode: giveUp, priority }] of putList.entries()) {
        const item = tagged(name, seq);
        const label = labelOf(item);
        accounts.put(label);
        const options = { ...world.giveUpOptions(giveUp, `${name}'s put(${label})`), priority };
        const what = `put(${label}, priority ${priority})${giveUp === 'plain' ? '' : ` [${giveUp}]`}`;
        const error = await world
          .operation(
            what,
            () => buffer.put(item, options),
            () => `done${dropNote(name)}`,
            {
              input: bufferCall.put(label, priority),
              output: (settled) => bufferResult(settled, undefined, dropsDuring(name)),
            },
          )
          .then(
            () => undefined,
            (reason: unknown) => reason,
          );
        checkSize(what);
        if (error === undefined) continue;
        accounts.withdraw(label);
        if (nameOf(error) === 'BufferClosedError') return;
      }
    });
  });
  consumers.forEach((takeModes, c) => {
    const name = `c${c + 1}`;
    world.actor(name, async () => {
      for (const giveUp of takeModes) {
        const options = world.giveUpOptions(giveUp, `${name}'s take()`);
        const outcome = await world
          .operation(`take()${giveUp === 'plain' ? '' : ` [${giveUp}]`}`, () => buffer.take(options), labelOf, {
            input: bufferCall.take(),
            output: (settled) => bufferResult(settled, (item) => (item === undefined ? undefined : labelOf(item)), dropsDuring(name)),
          })
          .then(
            (item) => ({ item }),
            (error: unknown) => ({ error }),
          );
        if ('item' in outcome) {
          accounts.leave(labelOf(outcome.item), `was taken by ${name}`);
          continue;
        }
        if (nameOf(outcome.error) !== 'BufferClosedError') continue;
        if (buffer.size > 0)
          world.violation(
            `${name}'s take() was refused with BufferClosedError while ${buffer.size} item(s) were left: consumers must drain a closed buffer first`,
          );
        return;
      }
    });
  });
  world.later(`${shutdown}()`, () => {
    if (shutdown === 'closeNow') {
      const left = world.record('closeNow()', () => buffer.closeNow(), listed, {
        input: bufferCall.closeNow(),
        output: (settled) => bufferResult(settled, labels, dropsDuring('test')),
      });
      for (const item of left) accounts.leave(labelOf(item), 'was returned by closeNow()');
    } else
      world.record('close()', () => buffer.close(), undefined, { input: bufferCall.close(), output: (settled) => bufferResult(settled) });
    run.drained = watch(buffer.drained());
  });
}

function stuck(world: World): string | undefined {
  const { buffer } = runs.get(world) as Run;
  const waiting = world.waiting().map(({ name, doing }) => `${name}'s ${doing}`);
  if (buffer.closed)
    return `after the shutdown, ${waiting.join(' and ')} still wait(s): every waiter must be woken (producers refused; consumers once nothing is left)`;
  return `${waiting.join(' and ')} wait(s) with the buffer at ${buffer.size}/${buffer.capacity} and nothing else left to happen (policy '${buffer.policy}')`;
}

function verify(world: World): void {
  const { buffer, accounts, drained } = runs.get(world) as Run;
  if (buffer.size === 0 && drained?.current.state === 'pending')
    world.violation('drained() has not settled although the buffer is closed and empty');
  const rest: Tagged[] = [];
  world.record(
    'poll() until undefined',
    () => {
      for (let item = buffer.poll(); item !== undefined; item = buffer.poll()) rest.push(item);
      return rest;
    },
    listed,
    { input: bufferCall.drain(), output: (settled) => bufferResult(settled, labels) },
  );
  for (const item of rest) accounts.leave(labelOf(item), 'was still in the buffer at the end');
  for (const violation of accounts.violations()) world.violation(violation);
  const { put, taken, dropped, size, waitingProducers, waitingConsumers } = buffer.stats();
  if (put !== accounts.counts.put || put !== taken + dropped + size) {
    world.violation(
      `stats() gives put ${put}, taken ${taken}, dropped ${dropped}, size ${size} with ${accounts.counts.put} items accepted: put must count every accepted item (dropped ones too) and equal taken + dropped + size`,
    );
  }
  if (waitingProducers + waitingConsumers > 0)
    world.violation(
      `stats() still counts ${waitingProducers} waiting producer(s) and ${waitingConsumers} waiting consumer(s) after everyone finished`,
    );
}

describe(L5, () => {
  describe('BackpressureBuffer', () => {
    it('under every policy, whatever the moment close() or closeNow() lands among puts, takes, aborts and timeouts: every item is taken, dropped or returned once, and nobody is left waiting', async () => {
      await checkSchedules({
        property:
          'every item put is taken once, dropped once (through onDrop) or returned by closeNow(); the size never exceeds the capacity; consumers drain before they are refused; the calls and returns (with what each put dropped) have a linearization under the policy and the strategy; after the shutdown nobody waits',
        config,
        setup,
        stuck,
        verify,
        linearizable: ({ capacity, policy, strategy }) => backpressureBufferModel({ capacity, policy, strategy }),
        numRuns: 300,
      });
    });
  });
});
