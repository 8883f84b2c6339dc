/** The measured half of report.md: throughput, memory, the sandbox and the type check. */
import type { GradeReport, Leaks, MemoryGrade, PerformanceGrade } from '../report-types.ts';
import { formatBytes, formatCount, formatRate, formatRatio, formatScore, formatSpread, oneLine } from './format.ts';
import { bulletList, fenced, inline, table } from './markdown-syntax.ts';

/** Type errors that report.md lists; the count says how many there were. */
const TYPE_ERRORS_SHOWN = 20;
const ERROR_CELL_CHARS = 300;

export function performanceSection(performance: readonly PerformanceGrade[]): string {
  if (performance.length === 0) return '## Performance\n\nNo scenario was measured.';
  const rows = performance.map((entry) => [
    entry.scenario,
    String(entry.phase),
    entry.target ? `${formatRate(entry.target.opsPerSec)}${latency(entry.target)}` : 'did not run',
    `${formatRate(entry.reference.opsPerSec)}${latency(entry.reference)}`,
    entry.target ? formatRatio(entry.ratio) : '–',
    formatSpread(entry.selfSpread),
    entry.verdict ?? '',
    formatScore(entry),
    oneLine(entry.error ?? '', ERROR_CELL_CHARS),
  ]);
  return [
    '## Performance',
    'Operations per second of the candidate’s code (target) and of the reference solution, measured in this run on the same machine. “Reference vs itself” is the lowest and highest ratio between the reference’s two runs of a round: a ratio within that noise costs nothing (see the rubric).',
    table(['Scenario', 'Phase', 'Target ops/s', 'Reference ops/s', 'Ratio', 'Reference vs itself', 'Verdict', 'Points', 'Error'], rows),
  ].join('\n\n');
}

function latency(throughput: { readonly p50Us?: number; readonly p99Us?: number }): string {
  if (throughput.p50Us === undefined || throughput.p99Us === undefined) return '';
  return ` (p50 ${throughput.p50Us} µs, p99 ${throughput.p99Us} µs)`;
}

export function memorySection(memory: readonly MemoryGrade[]): string {
  if (memory.length === 0) return '## Memory\n\nNo scenario was measured.';
  const pair = (entry: MemoryGrade, pick: (leaks: Leaks) => string) =>
    `${entry.target ? pick(entry.target) : '–'} / ${pick(entry.reference)}`;
  const rows = memory.map((entry) => [
    entry.scenario,
    formatCount(entry.operations),
    pair(entry, (leaks) => formatBytes(leaks.heapGrowthBytes)),
    pair(entry, (leaks) => String(leaks.timersLeft)),
    pair(entry, (leaks) => String(leaks.listenersLeft)),
    formatScore(entry),
    oneLine(entry.error ?? '', ERROR_CELL_CHARS),
  ]);
  return [
    '## Memory',
    'What stayed behind after the scenario, target / reference: heap growth after a forced GC, timers still pending, listeners still attached.',
    table(['Scenario', 'Operations', 'Heap growth', 'Timers left', 'Listeners left', 'Points', 'Error'], rows),
  ].join('\n\n');
}

export function sandboxSection(sandbox: GradeReport['sandbox']): string {
  const access =
    sandbox.fileAccess === 'enforced'
      ? 'confined to the graded tree by Node’s permission model'
      : 'not confined: this Node has no permission model';
  const facts = bulletList([
    `Files copied from the candidate’s tree: ${sandbox.copiedFiles}`,
    `File access: ${access}`,
    `Limits: ${sandbox.memoryLimitMb} MB of memory, ${sandbox.timeLimitSec} s of time`,
  ]);
  const imports =
    sandbox.outsideImports.length === 0
      ? 'No import reaches outside the tree.'
      : [
          'Imports that reach outside the tree (refused at run time):',
          table(
            ['File', 'Import'],
            sandbox.outsideImports.map(({ file, specifier }) => [{ code: file }, { code: specifier }]),
          ),
        ].join('\n\n');
  return ['## Sandbox', facts, imports].join('\n\n');
}

export function typeErrorSection(typeErrors: readonly string[]): string {
  if (typeErrors.length === 0) return '## Type errors\n\nNone: `tsc` accepts the tree.';
  const more = typeErrors.length - TYPE_ERRORS_SHOWN;
  return [
    `## Type errors (${typeErrors.length})`,
    'Reported, not scored: the tests decide the points.',
    fenced(typeErrors.slice(0, TYPE_ERRORS_SHOWN).join('\n')),
    ...(more > 0 ? [inline(`…and ${more} more in report.json.`)] : []),
  ].join('\n\n');
}
