/**
 * The ladder every phase climbs. A suite's top-level `describe` is one of these names, so
 * the CLI, the grade report and the Vitest UI all group tests by level the same way.
 */
export const L1 = 'L1 sequential';
export const L2 = 'L2 one producer, one consumer';
export const L3 = 'L3 many producers or many consumers';
export const L4 = 'L4 many to many under stress';
export const L5 = 'L5 adversarial schedules';
export const L6 = 'L6 real threads';

export const LEVELS = [L1, L2, L3, L4, L5, L6] as const;

/** The level number of a test from its full name (`L2 one producer... > ...`), or 0. */
export function levelOf(fullName: string): number {
  const match = /^L(\d) /.exec(fullName);
  return match ? Number(match[1]) : 0;
}

export function levelName(level: number): string {
  return LEVELS[level - 1] ?? `L${level}`;
}
