/**
 * L5 of the lifecycle (./lifecycle.ts): fast-check's scheduler decides when each put, take,
 * abort, timeout and the shutdown (close() or closeNow()) happens, at capacity 1 or 2. After
 * every schedule, each item put must have left exactly once (taken, dropped through onDrop,
 * returned by closeNow(), or still stored), consumers must have drained before being refused,
 * nobody may wait after the shutdown, the counters must add up, and the calls and returns
 * must have a linearization that the buffer's sequential model accepts. Phase 3 runs it on
 * ManagedBuffer (which never drops), phase 4 on BackpressureBuffer under every policy.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { labelOf, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import type { SequentialModel } from '../../harness/engine/linearizability.ts';
import { type BufferState, bufferCall, bufferResult } from '../../harness/engine/models/buffer.ts';
import { type Watched, watch } from '../../harness/engine/promises.ts';
import { checkSchedules } from '../../harness/schedule/check-schedules.ts';
import { type GiveUpMode, World } from '../../harness/schedule/world.ts';
import { Accounts } from './accounts.ts';
import type { Lifecycle } from './lifecycle.ts';

export interface ScheduleConfig {
  readonly capacity: number;
  readonly strategy: 'fifo' | 'lifo' | 'priority';
  /** Each producer's puts, in order. */
  readonly producers: readonly (readonly { readonly mode: GiveUpMode; readonly priority: number }[])[];
  /** Each consumer's takes, in order. */
  readonly consumers: readonly (readonly GiveUpMode[])[];
  readonly shutdown: 'close' | 'closeNow';
}

export interface ScheduleKind<C extends ScheduleConfig> {
  /** The suite's name: the class. */
  readonly label: string;
  /** The test's name. */
  readonly title: string;
  /** The property in words, as a failure states it. */
  readonly property: string;
  readonly config: fc.Arbitrary<C>;
  /** The buffer of one schedule; `onDrop` is to receive every item it drops, if it drops any. */
  create(config: C, onDrop: (item: Tagged, reason: string) => void): Lifecycle<Tagged>;
  model(config: C): SequentialModel<BufferState>;
  /** The reason onDrop must give (the policy's name), for a kind that drops. */
  dropReason?(config: C): string;
  /** What a message adds about the buffer: `(policy 'block')`. */
  setting?(config: C): string;
}

const mode = fc.constantFrom<GiveUpMode>('plain', 'plain', 'abort', 'timeout');

/** The arbitraries of ScheduleConfig's fields, to go into an `fc.record` with any field of the kind's own. */
export function scheduleFields(options: {
  readonly strategies: readonly ScheduleConfig['strategy'][];
  readonly producers: number;
  readonly priorities: number;
}) {
  const put = fc.record({ mode, priority: fc.integer({ min: 0, max: options.priorities - 1 }) });
  return {
    capacity: fc.integer({ min: 1, max: 2 }),
    strategy: fc.constantFrom(...options.strategies),
    producers: fc.array(fc.array(put, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: options.producers }),
    consumers: fc.array(fc.array(mode, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    shutdown: fc.constantFrom('close' as const, 'closeNow' as const),
  };
}

interface Run {
  readonly buffer: Lifecycle<Tagged>;
  readonly accounts: Accounts;
  readonly setting: string;
  drained?: { readonly current: Watched<void> };
}

const runs = new WeakMap<World, Run>();
const nameOf = (error: unknown) => (error instanceof Error ? error.name : String(error));
const labels = (items: readonly Tagged[]) => items.map(labelOf);
const listed = (items: readonly Tagged[]) => `[${labels(items).join(', ')}]`;

/** Registers the L5 suite of `kind`; call it inside `describe(L5, ...)`. */
export function scheduleSuite<C extends ScheduleConfig>(kind: ScheduleKind<C>): void {
  describe(kind.label, () => {
    it(kind.title, async () => {
      await checkSchedules({
        property: kind.property,
        config: kind.config,
        setup: (world, config) => setup(kind, world, config),
        stuck,
        verify,
        linearizable: (config) => kind.model(config),
        numRuns: 300,
      });
    });
  });
}

function setup<C extends ScheduleConfig>(kind: ScheduleKind<C>, world: World, config: C): void {
  const { capacity, producers, consumers, shutdown } = config;
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
  const reason = kind.dropReason?.(config);
  const buffer = kind.create(config, (item, given) => {
    world.note(`      onDrop(${labelOf(item)}, '${given}')`);
    if (given !== reason) world.violation(`onDrop received reason '${given}' for ${labelOf(item)}, expected '${reason}'`);
    accounts.leave(labelOf(item), 'was dropped');
    checkSize(`dropping ${labelOf(item)}`);
    const actor = World.actorName();
    if (actor === 'test')
      world.record(`onDrop(${labelOf(item)})`, () => undefined, undefined, { input: bufferCall.dropped(labelOf(item)) });
    else drops.set(actor, [...(drops.get(actor) ?? []), labelOf(item)]);
  });
  const run: Run = { buffer, accounts, setting: kind.setting?.(config) ?? '' };
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
            (failure: unknown) => failure,
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
  const { buffer, setting } = runs.get(world) as Run;
  const waiting = world.waiting().map(({ name, doing }) => `${name}'s ${doing}`);
  if (buffer.closed)
    return `after the shutdown, ${waiting.join(' and ')} still wait(s): every waiter must be woken (producers refused; consumers once nothing is left)`;
  return `${waiting.join(' and ')} wait(s) with the buffer at ${buffer.size}/${buffer.capacity} and nothing else left to happen${setting && ` ${setting}`}`;
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
  const { put, taken, dropped = 0, size, waitingProducers, waitingConsumers } = buffer.stats();
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
