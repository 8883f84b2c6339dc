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

export const PING_PONG: Workload = {
  id: 'ping-pong',
  label: 'round trips through two buffers of capacity 1 (ping, echo, pong)',
  producers: 1,
  capacity: 1,
  items: 160_000,
  quickItems: 64_000,
};

export const EAGER: Workload = {
  id: 'eager-1x1-c1024',
  label: '1 producer / 1 consumer, capacity 1024, offer/poll first, await only to wait',
  producers: 1,
  capacity: 1024,
  items: 3_840_000,
  quickItems: 1_280_000,
};

/** The synchronous ring's counts; it is shown beside the eager hand-off, as its ceiling. */
export const SYNC_RING: Workload = {
  id: 'ring-c1024',
  label: 'a ring of 1024 kept half full by one loop: put one, take one',
  producers: 1,
  capacity: 1024,
  items: 15_360_000,
  quickItems: 5_120_000,
};

export const THREADS: Workload = {
  id: 'threads-1x1-c1024',
  label: '1 producer thread / 1 consumer thread, capacity 1024',
  producers: 1,
  capacity: 1024,
  items: 2_560_000,
  quickItems: 768_000,
};

/** In the order the results show them. */
export const WORKLOADS: readonly Workload[] = [...HAND_OFFS, PING_PONG, EAGER, THREADS];
