/**
 * report.md: the grade for an interviewer to read in a terminal, a pull request or an
 * editor. The score first, then where every lost point went and how to replay it, then the
 * measurements (throughput, memory), the sandbox, the type errors and the rubric.
 */
import { levelName } from '../../levels.ts';
import type { FailureEvidence, GradeReport, LostPoints, PhaseGrade } from '../report-types.ts';
import {
  failuresFirst,
  firstLines,
  formatDate,
  formatDuration,
  formatLost,
  formatMachine,
  formatPoints,
  formatScore,
  kindLabel,
  phaseHeading,
  plural,
  shortTestName,
  testCounts,
} from './format.ts';
import { lostPointsFor, lostSummary, performanceNote } from './lost.ts';
import { memorySection, performanceSection, sandboxSection, typeErrorSection } from './markdown-measures.ts';
import { bulletList, codeSpan, fenced, inline, table } from './markdown-syntax.ts';

/** Lines of a failure message that report.md keeps; report.json has them all. */
const MESSAGE_LINES = 15;

export function renderMarkdown(report: GradeReport): string {
  const sections = [
    header(report),
    score(report),
    ...report.phases.map(phaseSection),
    lostPoints(report),
    performanceSection(report.performance),
    memorySection(report.memory),
    sandboxSection(report.sandbox),
    typeErrorSection(report),
    rubric(report.rubric),
  ];
  return `${sections.join('\n\n')}\n`;
}

function header(report: GradeReport): string {
  return [
    `# Grade report: ${inline(report.candidate)}`,
    table(
      ['', ''],
      [
        ['Candidate', report.candidate],
        ['Target', { code: report.target }],
        ['Started', formatDate(report.startedAt)],
        ['Duration', formatDuration(report.durationMs)],
        ['Machine', formatMachine(report.machine)],
        ['Seed', { code: String(report.seed) }],
      ],
    ),
  ].join('\n\n');
}

function score(report: GradeReport): string {
  const { correctness, performance } = report.score;
  return [
    '## Score',
    `**${formatScore(report.score)}** (correctness ${formatScore(correctness)}, performance ${formatScore(performance)}${performanceNote(report)})`,
    table(
      ['Phase', 'Tests', 'Points'],
      report.phases.map((phase) => [phaseHeading(phase), testCounts(phase), formatScore(phase)]),
    ),
  ].join('\n\n');
}

function phaseSection(phase: PhaseGrade): string {
  const parts = [`## ${inline(phaseHeading(phase))}: ${formatScore(phase)}`, `${testCounts(phase)}.`];
  if (phase.hung) parts.push('**A test of this phase hung and was stopped**; the tests after it did not run.');
  parts.push(
    table(
      ['Level', 'Passed', 'Points'],
      phase.levels.map((level) => [level.name, `${level.passed} / ${level.total}`, formatScore(level)]),
    ),
  );
  if (phase.problems.length > 0) parts.push('Problems outside any one test:', ...phase.problems.map((problem) => fenced(problem)));
  return parts.join('\n\n');
}

function lostPoints(report: GradeReport): string {
  const entries = lostPointsFor(report);
  const counted = entries.filter((entry) => entry.counted && entry.points > 0);
  const outside = entries.filter((entry) => !entry.counted);
  const row = (entry: LostPoints) => [entry.what, formatPoints(entry.points), entry.reason];
  const parts = ['## Lost points', lostSummary(report, entries)];
  if (counted.length > 0) parts.push(table(['Where', 'Points', 'Why'], counted.map(row)));
  if (outside.length > 0) parts.push('Not part of this score (outside its max):', table(['Where', 'Points', 'Why'], outside.map(row)));
  const failures = report.phases.flatMap((phase) => failuresFirst(phase.failures).map((failure) => ({ phase, failure })));
  if (failures.length > 0) {
    const lost = failures.reduce((sum, { failure }) => sum + failure.lost, 0);
    parts.push(
      `### The ${plural(failures.length, 'test')} that did not pass (${formatLost(lost)})`,
      'A replay command follows each test that has one.',
      ...failures.map(({ phase, failure }, index) => failureEntry(phase, failure, index + 1)),
    );
  }
  return parts.join('\n\n');
}

function failureEntry(phase: PhaseGrade, failure: FailureEvidence, number: number): string {
  const facts = [
    `Phase ${phase.phase}, ${inline(levelName(failure.level))}`,
    `**${kindLabel(failure.kind)}**`,
    `lost ${formatLost(failure.lost)}`,
    ...(failure.seed === undefined ? [] : [`seed ${codeSpan(String(failure.seed))}`]),
  ];
  const parts = [`#### ${number}. ${inline(shortTestName(failure))}`, facts.join(' · ')];
  if (failure.location) parts.push(`Test: ${codeSpan(failure.location)}`);
  parts.push(fenced(firstLines(failure.message || '(no message)', MESSAGE_LINES)));
  if (failure.replay) parts.push(`Replay:\n\n${fenced(failure.replay, 'sh')}`);
  return parts.join('\n\n');
}

function rubric(lines: readonly string[]): string {
  return ['## Rubric', bulletList(lines.map(inline))].join('\n\n');
}
