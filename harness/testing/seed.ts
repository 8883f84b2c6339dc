/**
 * Seeds for randomised tests. The CLI picks one seed per run and passes it in `KATA_SEED`;
 * each test derives its own from it and its name, so `--seed <n>` replays every randomised
 * test of a run exactly, whatever order the tests run in. A test that draws from a seed is
 * marked with it, and the CLI prints the replay command next to its failure.
 */
import { onTestFailed, TestRunner } from 'vitest';

const chosenSeed = Number.parseInt(process.env.KATA_SEED ?? '', 10);

/** The seed of this run: the one the CLI passed, or one drawn now when Vitest runs alone. */
export const RUN_SEED = Number.isSafeInteger(chosenSeed) ? chosenSeed : Math.floor(Math.random() * 2 ** 31);

/** The seed for the current test (and an optional label within it), derived from the run's. */
export function testSeed(label = ''): number {
  const test = TestRunner.getCurrentTest();
  if (test && test.meta.kataSeed === undefined) {
    test.meta.kataSeed = RUN_SEED;
    // The CLI prints a replay command of its own; run bare (the Vitest UI), say it here.
    if (!process.env.KATA_EVENTS) onTestFailed(({ task }) => appendReplay(task.file.filepath, task.result?.errors?.[0]));
  }
  return hash(`${RUN_SEED}:${test?.fullTestName ?? ''}:${label}`);
}

/** A deterministic random generator (mulberry32): a function returning numbers in [0, 1). */
export function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A seeded generator for the current test: `next(n)` gives an integer in [0, n). */
export function seededRandom(label = ''): { seed: number; next(n: number): number } {
  const seed = testSeed(label);
  const random = randomFrom(seed);
  return { seed, next: (n) => Math.floor(random() * n) };
}

/** A 31-bit FNV-1a hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

function appendReplay(file: string, error: { message: string } | undefined): void {
  const phase = /phase-(\d+)/.exec(file)?.[1] ?? '<N>';
  if (error) error.message += `\n(random choices from seed ${RUN_SEED}; replay: npm run phase ${phase} -- --seed ${RUN_SEED})`;
}
