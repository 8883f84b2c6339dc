import { BackpressureBuffer } from '@target/04-backpressure-and-work-stealing/backpressure-buffer.ts';
import fc from 'fast-check';
import { describe } from 'vitest';
import { backpressureBufferModel } from '../../harness/engine/models/backpressure-buffer.ts';
import { L5 } from '../../harness/levels.ts';
import { scheduleFields, scheduleSuite } from '../phase-3/lifecycle-l5.ts';
import { POLICIES } from './backpressure-support.ts';

describe(L5, () => {
  scheduleSuite({
    label: 'BackpressureBuffer',
    title:
      'under every policy, whatever the moment close() or closeNow() lands among puts, takes, aborts and timeouts: every item is taken, dropped or returned once, and nobody is left waiting',
    property:
      'every item put is taken once, dropped once (through onDrop) or returned by closeNow(); the size never exceeds the capacity; consumers drain before they are refused; the calls and returns (with what each put dropped) have a linearization under the policy and the strategy; after the shutdown nobody waits',
    config: fc.record({
      ...scheduleFields({ strategies: ['fifo', 'lifo', 'priority'], producers: 3, priorities: 3 }),
      policy: fc.constantFrom(...POLICIES),
    }),
    create: ({ capacity, policy, strategy }, onDrop) => new BackpressureBuffer({ capacity, policy, strategy, onDrop }),
    model: ({ capacity, policy, strategy }) => backpressureBufferModel({ capacity, policy, strategy }),
    dropReason: ({ policy }) => policy,
    setting: ({ policy }) => `(policy '${policy}')`,
  });
});
