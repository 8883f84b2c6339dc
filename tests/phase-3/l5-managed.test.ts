import fc from 'fast-check';
import { describe } from 'vitest';
import { managedBufferModel } from '../../harness/engine/models/managed-buffer.ts';
import { L5 } from '../../harness/levels.ts';
import { scheduleFields, scheduleSuite } from './lifecycle-l5.ts';
import { MANAGED } from './managed.ts';

describe(L5, () => {
  scheduleSuite({
    label: 'ManagedBuffer',
    title: 'whatever the moment close() or closeNow() lands among puts, takes, aborts and timeouts: nothing lost, nobody left waiting',
    property:
      'every item stored is taken once or returned by closeNow(), consumers drain before they are refused, the calls and returns have a linearization in the strategy order, and after the shutdown nobody waits',
    // One priority for all: the priority strategy must then keep arrival order, like FIFO.
    config: fc.record(scheduleFields({ strategies: ['fifo', 'priority'], producers: 2, priorities: 1 })),
    create: ({ capacity, strategy }) => MANAGED.create({ capacity, strategy }),
    model: ({ capacity, strategy }) => managedBufferModel({ capacity, strategy }),
  });
});
