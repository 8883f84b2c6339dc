/**
 * harness/phases.ts declares each phase once; everything else derives from it. These checks
 * keep the declaration honest: its levels are the levels the suites have, its measured
 * classes are classes of the phase, and the README's rubric states the same points.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORRECTNESS_POINTS, RUBRIC } from '../../harness/grade/rubric.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { isBuilt, levelsOf, PHASES, phaseOfTestFile, pointsOf, subjectOf, testsFolder } from '../../harness/phases.ts';

describe('the phase registry', () => {
  it('declares for each built phase exactly the levels its suite files have (lN-*.test.ts)', () => {
    for (const phase of PHASES.filter(isBuilt)) {
      const files = readdirSync(join(KATA_ROOT, testsFolder(phase))).filter((name) => name.endsWith('.test.ts'));
      const found = [...new Set(files.map((name) => Number(/^l(\d)-/.exec(name)?.[1] ?? 0)))].sort((a, b) => a - b);
      expect(found, `${testsFolder(phase)}: its suite files have these levels; harness/phases.ts levelPoints should list the same`).toEqual(
        levelsOf(phase),
      );
      for (const name of files) expect(phaseOfTestFile(join(KATA_ROOT, testsFolder(phase), name))?.number).toBe(phase.number);
    }
  });

  it('gives every level a positive share, and correctness 90 points in all', () => {
    for (const phase of PHASES) {
      for (const level of levelsOf(phase)) expect(phase.levelPoints[level], `phase ${phase.number} L${level}`).toBeGreaterThan(0);
    }
    expect(CORRECTNESS_POINTS).toBe(90);
    expect(RUBRIC[0]).toContain(`Correctness, ${CORRECTNESS_POINTS} points`);
  });

  it('measures only classes of the phase that declares them, each resolvable to its file', () => {
    for (const phase of PHASES) {
      for (const name of phase.measured) {
        expect(Object.keys(phase.files), `phase ${phase.number} measures ${name}, which is not one of its files`).toContain(name);
        expect(subjectOf(name)).toEqual({ phase: phase.number, file: `${phase.folder}/${phase.files[name]}`, exportName: name });
      }
    }
    expect(() => subjectOf('Condition')).toThrow(/not a measured class/);
  });

  it("states the same points per phase in README's rubric", () => {
    const readme = readFileSync(join(KATA_ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const [first, ...rest] = PHASES;
    const sentence = `phase ${first?.number} is worth ${first ? pointsOf(first) : 0}, ${rest.map((phase) => `phase ${phase.number} ${pointsOf(phase)}`).join(', ')}`;
    expect(readme, 'README.md, section "The rubric": update it to the points in harness/phases.ts').toContain(sentence);
  });
});
