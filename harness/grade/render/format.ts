/**
 * Numbers, dates and names as every rendering of a grade report writes them. Pure and
 * locale-free, so the same report renders to the same bytes on every machine.
 */
import { levelName } from '../../levels.ts';
import type { FailureEvidence, GradeReport, PhaseGrade, Score, SelfSpread } from '../report-types.ts';

/** Whole points stay whole; fractions keep up to two decimals. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** `1 point`, `2.5 points`. */
export function formatLost(points: number): string {
  return plural(points, 'point', formatPoints(points));
}

/** `1 test`, `3 tests`. */
export function plural(count: number, noun: string, shown = String(count)): string {
  return `${shown} ${noun}${count === 1 ? '' : 's'}`;
}

/** `100,000`. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatScore(score: Score): string {
  return `${formatPoints(score.points)} / ${formatPoints(score.max)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** `2025-03-14 09:26 UTC`, or the text as given when it is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `950`, `12.3 k`, `4.56 M`: three significant digits are plenty for throughput. */
export function formatRate(opsPerSec: number): string {
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toPrecision(3)} M`;
  if (opsPerSec >= 1e3) return `${(opsPerSec / 1e3).toPrecision(3)} k`;
  return String(Math.round(opsPerSec));
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** `0.87×–1.12×`: how far the reference strayed from itself; a dash when the report does not say. */
export function formatSpread(spread: SelfSpread | undefined): string {
  return spread ? `${formatRatio(spread.low)}–${formatRatio(spread.high)}` : '–';
}

/** Signed, in binary units: `+1.5 MiB`, `-320 B`. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '+';
  const size = Math.abs(bytes);
  if (size < 1024) return `${sign}${Math.round(size)} B`;
  if (size < 1024 ** 2) return `${sign}${(size / 1024).toFixed(1)} KiB`;
  return `${sign}${(size / 1024 ** 2).toFixed(1)} MiB`;
}

export function formatMachine(machine: GradeReport['machine']): string {
  return `Node ${machine.node} · ${machine.platform} · ${machine.cpus} × ${machine.cpuModel}`;
}

export function phaseHeading(phase: PhaseGrade): string {
  return `Phase ${phase.phase} · ${phase.title}`;
}

export function testCounts(phase: PhaseGrade): string {
  const { passed, failed, timedOut, skipped } = phase.tests;
  return `${passed} passed, ${failed} failed, ${timedOut} timed out or hung, ${skipped} not run`;
}

const KIND_LABELS: Readonly<Record<FailureEvidence['kind'], string>> = {
  assertion: 'assertion failed',
  deadlock: 'deadlock',
  timeout: 'timed out',
  hang: 'hung (stopped)',
  error: 'error thrown',
  'not-run': 'not run',
};

export function kindLabel(kind: FailureEvidence['kind']): string {
  return KIND_LABELS[kind] ?? kind;
}

/** A test's full name split into its suites (the level first) and its own title. */
export function splitTestName(fullName: string): { readonly suites: readonly string[]; readonly title: string } {
  const parts = fullName.split(' > ');
  return { suites: parts.slice(0, -1), title: parts.at(-1) ?? fullName };
}

/** The name without its level suite, which a report shows beside it: `BoundedBuffer › keeps FIFO order`. */
export function shortTestName(failure: FailureEvidence): string {
  const parts = failure.test.split(' > ');
  const rest = parts[0] === levelName(failure.level) && parts.length > 1 ? parts.slice(1) : parts;
  return rest.join(' › ');
}

/** Tests that ran and failed before tests that never ran, then by level, otherwise in report order. */
export function failuresFirst(failures: readonly FailureEvidence[]): FailureEvidence[] {
  const rank = (failure: FailureEvidence) => (failure.kind === 'not-run' ? 1 : 0);
  return [...failures].sort((a, b) => rank(a) - rank(b) || a.level - b.level);
}

/** At most `max` lines, then a line saying how many were left out. */
export function firstLines(text: string, max: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lines.length <= max) return lines.join('\n');
  return [...lines.slice(0, max), `… ${lines.length - max} more lines`].join('\n');
}

/** One line of at most `max` characters, for a table cell or an attribute. */
export function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
