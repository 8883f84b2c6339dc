/**
 * How much busier than its cores the machine is: 1 when idle, the run queue per core (the
 * one-minute load average over the available parallelism) when more is runnable than there
 * are cores. The few real-time bounds that cannot be avoided (Vitest's last-resort limit on
 * one test, the threads' no-progress bound) are multiplied by it, so that load makes them
 * longer rather than turning a slow pass into a failure.
 */
import { availableParallelism, loadavg } from 'node:os';

export function loadScale(): number {
  return Math.max(1, (loadavg()[0] ?? 0) / availableParallelism());
}
