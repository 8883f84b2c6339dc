/**
 * The bench's workloads as data: who moves items, at what capacity, and how many items a
 * contender of pace 1 moves in a full run and in a quick one (each measured run moves a fifth
 * of them, after two warm-up runs of a quarter; ../measure/child/throughput.ts). Which traffic
 * moves them is ../measure/traffic.ts's; ./catalog.ts binds the two.
 */

export interface Workload {
  /** `4x4-c16`: part of scenario names. */
  readonly id: string;
  readonly label: string;
  readonly producers: number;
  readonly capacity: number;
  readonly items: number;
  readonly quickItems: number;
}

/** Item counts are multiples of this: a fifth of them, and a quarter, divide among 16 producers. */
const UNIT = 1280;

export function roundItems(items: number): number {
  return Math.max(UNIT, Math.round(items / UNIT) * UNIT);
}

const handOff = (producers: number, capacity: number): Workload => ({
  id: `${producers}x${producers}-c${capacity}`,
  label: `${producers} producer${producers > 1 ? 's' : ''} / ${producers} consumer${producers > 1 ? 's' : ''}, capacity ${capacity}, every put and take awaited`,
  producers,
  capacity,
  items: 384_000,
  quickItems: 153_600,
});

export const HAND_OFFS: readonly Workload[] = [1, 4, 16].flatMap((producers) =>
  [1, 16, 1024].map((capacity) => handOff(producers, capacity)),
);

/** One producer (and one consumer, or one loop) at `capacity`, moving `[items, quickItems]`. */
function oneToOne(id: string, label: string, capacity: number, [items, quickItems]: readonly [number, number]): Workload {
  return { id, label, producers: 1, capacity, items, quickItems };
}

export const PING_PONG = oneToOne('ping-pong', 'round trips through two buffers of capacity 1 (ping, echo, pong)', 1, [160_000, 64_000]);

export const EAGER = oneToOne(
  'eager-1x1-c1024',
  '1 producer / 1 consumer, capacity 1024, offer/poll first, await only to wait',
  1024,
  [3_840_000, 1_280_000],
);

/** The synchronous ring's counts; it is shown beside the eager hand-off, as its ceiling. */
export const SYNC_RING = oneToOne(
  'ring-c1024',
  'a ring of 1024 kept half full by one loop: put one, take one',
  1024,
  [15_360_000, 5_120_000],
);

export const THREADS = oneToOne('threads-1x1-c1024', '1 producer thread / 1 consumer thread, capacity 1024', 1024, [2_560_000, 768_000]);

/** In the order the results show them. */
export const WORKLOADS: readonly Workload[] = [...HAND_OFFS, PING_PONG, EAGER, THREADS];
