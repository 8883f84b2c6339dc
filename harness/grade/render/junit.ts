/**
 * The grade as JUnit XML, for a CI system that grades many candidates. One `<testsuite>` per
 * phase, one `<testcase>` per test: classname is the level and suite path
 * (`L2 one producer, one consumer > BoundedBuffer`), name the test's own title.
 *
 * How failure kinds map, so that each suite's counts equal the phase's `tests` counts:
 *
 *   assertion, deadlock, error  →  <failure>   (tests.failed: the test ran and found a fault)
 *   timeout, hang               →  <error>     (tests.timedOut: the test never reached a verdict)
 *   not-run                     →  <skipped>   (tests.skipped)
 *
 * Passing tests come from `phases[].passedTests`; the counts come from `phases[].tests`.
 */
import { levelName, levelOf } from '../../levels.ts';
import type { FailureEvidence, GradeReport, PhaseGrade } from '../report-types.ts';
import { escapeXml, escapeXmlAttribute } from './escape.ts';
import { formatLost, formatPoints, kindLabel, oneLine, phaseHeading, splitTestName } from './format.ts';

const MESSAGE_ATTRIBUTE_CHARS = 200;

type Outcome = 'failure' | 'error' | 'skipped';

const OUTCOMES: Readonly<Record<FailureEvidence['kind'], Outcome>> = {
  assertion: 'failure',
  deadlock: 'failure',
  error: 'failure',
  timeout: 'error',
  hang: 'error',
  'not-run': 'skipped',
};

export function outcomeOf(kind: FailureEvidence['kind']): Outcome {
  return OUTCOMES[kind] ?? 'failure';
}

export function renderJunit(report: GradeReport): string {
  const total = (pick: (tests: PhaseGrade['tests']) => number) => report.phases.reduce((sum, phase) => sum + pick(phase.tests), 0);
  const attributes = attributeList({
    name: `Grade: ${report.candidate}`,
    tests: total((tests) => tests.passed + tests.failed + tests.timedOut + tests.skipped),
    failures: total((tests) => tests.failed),
    errors: total((tests) => tests.timedOut),
    skipped: total((tests) => tests.skipped),
    time: (report.durationMs / 1000).toFixed(3),
    timestamp: report.startedAt,
  });
  const suites = report.phases.map((phase) => testSuite(report, phase));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attributes}>\n${suites.join('\n')}\n</testsuites>\n`;
}

function testSuite(report: GradeReport, phase: PhaseGrade): string {
  const { passed, failed, timedOut, skipped } = phase.tests;
  const attributes = attributeList({
    name: phaseHeading(phase),
    tests: passed + failed + timedOut + skipped,
    failures: failed,
    errors: timedOut,
    skipped,
    timestamp: report.startedAt,
  });
  const properties = {
    candidate: report.candidate,
    target: report.target,
    seed: report.seed,
    points: formatPoints(phase.points),
    max: formatPoints(phase.max),
    hung: phase.hung,
  };
  const cases = [
    ...(phase.passedTests ?? []).map((name) => ({ level: levelOf(name), xml: testCase(name, levelOf(name)) })),
    ...phase.failures.map((failure) => ({ level: failure.level, xml: testCase(failure.test, failure.level, outcome(failure)) })),
  ].sort((a, b) => a.level - b.level);
  const lines = [
    `  <testsuite ${attributes}>`,
    '    <properties>',
    ...Object.entries(properties).map(([name, value]) => `      <property ${attributeList({ name, value })}/>`),
    '    </properties>',
    ...cases.map((each) => each.xml),
  ];
  if (phase.problems.length > 0) lines.push(`    <system-err>${escapeXml(phase.problems.join('\n\n'))}</system-err>`);
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function testCase(fullName: string, level: number, body?: string): string {
  const { suites, title } = splitTestName(fullName);
  const attributes = attributeList({ classname: suites.length > 0 ? suites.join(' > ') : levelName(level), name: title });
  return body === undefined ? `    <testcase ${attributes}/>` : `    <testcase ${attributes}>\n${body}\n    </testcase>`;
}

function outcome(failure: FailureEvidence): string {
  const element = outcomeOf(failure.kind);
  const firstLine = failure.message.split('\n').find((line) => line.trim() !== '');
  const summary = oneLine(firstLine ?? kindLabel(failure.kind), MESSAGE_ATTRIBUTE_CHARS);
  if (element === 'skipped') return `      <skipped ${attributeList({ message: summary })}/>`;
  const attributes = attributeList({ type: failure.kind, message: summary });
  const details = [
    failure.message,
    '',
    `Kind: ${kindLabel(failure.kind)}; lost ${formatLost(failure.lost)}`,
    ...(failure.location ? [`Test: ${failure.location}`] : []),
    ...(failure.seed === undefined ? [] : [`Seed: ${failure.seed}`]),
    ...(failure.replay ? [`Replay: ${failure.replay}`] : []),
  ];
  return `      <${element} ${attributes}>${escapeXml(details.join('\n'))}</${element}>`;
}

function attributeList(attributes: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeXmlAttribute(String(value))}"`)
    .join(' ');
}
