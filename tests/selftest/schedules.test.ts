import { describe, expect, it } from 'vitest';
import { loadFixture, materialize } from '../../harness/selftest/fixtures.ts';
import { cli, printedReplay, recordSchedule } from './support.ts';

/** Bugs that L5 must catch, and whether L4's stress can ever see them (it has no aborts, timeouts or polls). */
const CASES = [
  { slug: 'p2-if-not-while', l4CanSee: true },
  { slug: 'p2-timed-take-consumes', l4CanSee: false },
  { slug: 'p2-lost-wakeup-precheck', l4CanSee: true },
  { slug: 'p2-poll-forgets-not-full', l4CanSee: false },
] as const;

/** The first failure's block, from its heading to the hint command (the count after it differs for a run of one test). */
const firstFailure = (output: string) => output.slice(output.indexOf('First failure'), output.indexOf('  Stuck?'));

describe('level L5, adversarial schedules', () => {
  it.each(CASES)(
    'catches $slug with a seed, and the printed replay shows the same failure and the same schedule',
    async ({ slug, l4CanSee }) => {
      const fixture = materialize(await loadFixture('buggy', slug));
      try {
        const first = cli(['phase', '2', '--impl', fixture.root, '--level', '5', '--seed', '4242']);
        expect(first.code, first.stdout).toBe(1);
        expect(first.stdout).toContain('The schedule, one step per line:');
        const replay = printedReplay(first.stdout, 2) ?? [];
        expect(replay).toEqual(['--impl', fixture.root, '--level', '5', '--seed', '4242', '--test', expect.stringMatching(/^L5 /)]);
        const again = cli(['phase', '2', ...replay]);
        expect(firstFailure(again.stdout)).toBe(firstFailure(first.stdout));
        const l4 = cli(['phase', '2', '--impl', fixture.root, '--level', '4', '--seed', '4242']);
        if (!l4CanSee) expect(l4.code, `L4 should pass on ${slug}: it never aborts, times out or polls`).toBe(0);
        const schedule = /Broken on schedule (\d+) of (\d+), shrunk (\d+) times/.exec(first.stdout);
        recordSchedule({
          slug,
          l4: l4.code === 0 ? 'missed' : 'caught',
          l5: `caught on schedule ${schedule?.[1]} of ${schedule?.[2]}, shrunk ${schedule?.[3]} times`,
        });
      } finally {
        fixture.dispose();
      }
    },
  );
});
