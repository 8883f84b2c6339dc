/**
 * Leaks, weighed: a memory scenario runs in CHUNKS parts after one more as its warm-up, on
 * one buffer and two abort signals that never fire; then the timers still alive, the
 * listeners still on the signals, and the heap's growth after a full GC are its figures.
 */
import type { Leaks } from '../results.ts';
import { type MemoryScenario, sizeOf } from '../scenario.ts';
import type { Instruments } from './instruments.ts';

/** A memory scenario runs in this many parts, checking for piled-up listeners after each. */
const CHUNKS = 10;
const LISTENERS_ENOUGH = 5_000;

export async function measureLeaks(scenario: MemoryScenario, subject: unknown, instruments: Instruments, quick: boolean): Promise<Leaks> {
  const operations = sizeOf(scenario, quick);
  const controllers = [new instruments.AbortController(), new instruments.AbortController()];
  const signals = controllers.map((controller) => controller.signal);
  const listeners = () => signals.reduce((sum, signal) => sum + instruments.abortListeners(signal), 0);
  instruments.timers.reset();
  const buffer = scenario.create(subject);
  await scenario.run(buffer, operations / CHUNKS, signals);
  await instruments.collectGarbage();
  const before = instruments.heapUsed();
  // A signal's listeners are a list that each add and remove walks: once they pile up, every
  // call slows down, so the run stops early, the leak being plain by then.
  for (let chunk = 0; chunk < CHUNKS && listeners() < LISTENERS_ENOUGH; chunk++) await scenario.run(buffer, operations / CHUNKS, signals);
  const timersLeft = instruments.timers.left;
  const listenersLeft = listeners();
  await instruments.collectGarbage();
  const heapGrowthBytes = instruments.heapUsed() - before;
  // The buffer and the controllers stay reachable until here, so what they hold is weighed too.
  if (!buffer || controllers.some((controller) => controller.signal.aborted)) throw new Error('the harness lost its buffer or its signals');
  return { heapGrowthBytes, timersLeft, listenersLeft };
}
