/**
 * The lost points as every rendering words them: the report's `lostPoints` (worked out again
 * from the rest of the report when it is older than that field), the one-line account that
 * heads the list, and the note the score line carries when performance was not measured.
 */
import { countedLoss, lostPointsOf } from '../lost-points.ts';
import type { GradeReport, LostPoints } from '../report-types.ts';
import { formatLost, formatPoints, formatScore } from './format.ts';

export function lostPointsFor(report: GradeReport): readonly LostPoints[] {
  return report.lostPoints ?? lostPointsOf(report);
}

/** Nothing lost at all: every test passed, every point of the max was earned, and nothing was left outside the max. */
export function nothingLost(entries: readonly LostPoints[]): boolean {
  return entries.every((entry) => entry.points === 0);
}

/** `Earned 45 of 55; lost 10 points, listed below: 45 + 10 = 55.` */
export function lostSummary(report: GradeReport, entries: readonly LostPoints[]): string {
  const { score } = report;
  const lost = countedLoss(entries);
  const outside = entries.filter((entry) => !entry.counted).reduce((sum, entry) => sum + entry.points, 0);
  const beyond = outside > 0 ? ` A further ${formatLost(outside)} of the rubric are outside this score's max (listed apart).` : '';
  if (nothingLost(entries)) return `None: every test passed and every point was earned (${formatScore(score)}).`;
  if (lost === 0) return `None lost from this score: ${formatScore(score)}.${beyond}`;
  return `Earned ${formatPoints(score.points)} of ${formatPoints(score.max)}; lost ${formatLost(lost)} (${formatPoints(score.points)} + ${formatPoints(lost)} = ${formatPoints(score.max)}).${beyond}`;
}

/** `, not measured` after the performance score when the grade skipped the measurements. */
export function performanceNote(report: GradeReport): string {
  const skipped = lostPointsFor(report).some((entry) => entry.counted && entry.part === 'performance' && entry.cause === 'not-measured');
  return skipped ? ': not measured, counted as lost' : '';
}

/** The lost points for the terminal, one line each, after the score: plain text, the caller colours it. */
export function lostPointsLines(report: GradeReport): string[] {
  const entries = lostPointsFor(report);
  const line = (entry: LostPoints) => `  ${formatPoints(entry.points).padStart(6)}  ${entry.what}: ${entry.reason}`;
  const counted = entries.filter((entry) => entry.counted && entry.points > 0);
  const outside = entries.filter((entry) => !entry.counted);
  return [
    `Lost points: ${lostSummary(report, entries)}`,
    ...counted.map(line),
    ...(outside.length > 0 ? ['  Outside this score’s max:', ...outside.map(line)] : []),
  ];
}
