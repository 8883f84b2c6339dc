/**
 * Level L5: a property checked over many schedules chosen by fast-check's scheduler, each
 * replayable from the run's seed. Time is fake and moves only when the scheduler fires a
 * clock tick, or when nothing else can happen; so when nothing can happen and no timer is
 * left, the actors still waiting are deadlocked, and that is a verdict, not a timeout.
 * A failure reports the property in words, what broke it, fast-check's seed and path, and
 * the trace of the smallest failing schedule, one line per step.
 */
import fc from 'fast-check';
import { vi } from 'vitest';
import { checkLinearizable, type SequentialModel } from '../engine/linearizability.ts';
import { realWorkMoved } from '../engine/quiescence.ts';
import { fail, rethrowIfNotImplemented } from '../testing/failures.ts';
import { testSeed } from '../testing/seed.ts';
import { World } from './world.ts';

export interface ScheduleProperty<Config> {
  /** The property in words, as a failure states it: "every item put is taken exactly once". */
  readonly property: string;
  readonly config: fc.Arbitrary<Config>;
  /** Sets up the actors of one schedule. */
  readonly setup: (world: World, config: Config) => void;
  /** Checks what must hold once every actor has ended; report breaks with `world.violation`. */
  readonly verify?: (world: World, config: Config) => void;
  /** Called when the world is stuck with actors waiting; returns a violation or undefined if that is fine. */
  readonly stuck?: (world: World, config: Config) => string | undefined;
  /** Ends the operations still waiting at the end (an abort of them all), so actors finish. */
  readonly teardown?: (world: World, config: Config) => void;
  /**
   * The sequential model of the structure: after each schedule, the history of the world's
   * operations (`world.operation`, `world.record`) must have a linearization that the model
   * accepts, or the smallest offending part of it is reported (../engine/linearizability.ts).
   */
  readonly linearizable?: (config: Config) => SequentialModel<unknown>;
  readonly numRuns: number;
}

export async function checkSchedules<Config>(spec: ScheduleProperty<Config>): Promise<void> {
  let failingTrace: readonly string[] = [];
  const property = fc.asyncProperty(fc.scheduler(), spec.config, async (scheduler, config) => {
    const world = new World(scheduler);
    vi.useFakeTimers();
    try {
      await world.enter(async () => {
        spec.setup(world, config);
        await drive(world);
        if (!world.finished) {
          const stuck = spec.stuck?.(world, config);
          if (stuck) world.violation(stuck);
          spec.teardown?.(world, config);
          await drive(world);
        }
        if (!world.finished) {
          world.violation(`deadlock: nothing can happen any more and ${describeWaiting(world)} still waiting`);
        } else {
          spec.verify?.(world, config);
        }
      });
    } finally {
      vi.useRealTimers();
    }
    if (spec.linearizable) {
      const verdict = checkLinearizable(world.history.ops, spec.linearizable(config));
      if (!verdict.ok) world.violation(verdict.report);
    }
    if (world.violations.length > 0) {
      failingTrace = world.trace;
      throw new ScheduleViolation(world.violations);
    }
  });
  const details = await fc.check(property, { seed: testSeed(), numRuns: spec.numRuns });
  if (!details.failed) return;
  rethrowIfNotImplemented(details.errorInstance);
  const error = details.errorInstance;
  const broken =
    error instanceof ScheduleViolation ? error.violations : [error instanceof Error ? `${error.name}: ${error.message}` : String(error)];
  const [, config] = details.counterexample ?? [];
  fail(
    [
      `Property: ${spec.property}.`,
      `Broken on schedule ${details.numRuns} of ${spec.numRuns}, shrunk ${details.numShrinks} times to this one (${fc.stringify(config)}):`,
      ...broken.map((line) => `  ✗ ${line}`),
      `(fast-check seed ${details.seed}, path "${details.counterexamplePath ?? ''}")`,
      'The schedule, one step per line:',
      ...failingTrace.map((line, index) => `  ${String(index + 1).padStart(3)}  ${line}`),
    ].join('\n'),
  );
}

class ScheduleViolation extends Error {
  override name = 'ScheduleViolation';
  readonly violations: readonly string[];
  constructor(violations: readonly string[]) {
    super(violations.join('; '));
    this.violations = violations;
  }
}

/**
 * Lets the scheduler run everything reachable, then gives real macrotasks their turns (the
 * code may yield with a `setImmediate` it captured before the fake timers), and fires fake
 * timers only when neither moved anything: "nothing can happen any more" is then a fact.
 */
async function drive(world: World): Promise<void> {
  for (;;) {
    await world.scheduler.waitIdle();
    if (world.finished) return;
    const steps = world.trace.length;
    if (await realWorkMoved(() => world.scheduler.count() > 0 || world.trace.length !== steps || world.finished)) continue;
    if (vi.getTimerCount() === 0) return;
    world.note('(nothing else can happen: the clock moves to the next timer)');
    await vi.advanceTimersToNextTimerAsync();
  }
}

function describeWaiting(world: World): string {
  const waiting = world.waiting();
  if (waiting.length === 0) return 'some actors are';
  return `${waiting.map((actor) => `${actor.name} ${actor.doing}`).join(', ')} ${waiting.length === 1 ? 'is' : 'are'}`;
}
