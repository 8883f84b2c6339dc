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

export function typeErrorSection(report: Pick<GradeReport, 'typeErrors' | 'testTypeErrors' | 'typeCheck'>): string {
  const { typeErrors } = report;
  const testErrors = report.testTypeErrors ?? [];
  const parts: string[] = [];
  if (report.typeCheck === 'skipped') parts.push('Not checked: the grade ran with `--skip-type-check`.');
  else if (report.typeCheck === 'timed-out') parts.push('`tsc` ran out of time; what it found before that is listed.');
  else if (report.typeCheck === 'failed') parts.push('`tsc` could not run, so the types were not checked.');
  const clean = report.typeCheck === undefined || report.typeCheck === 'ran';
  if (typeErrors.length === 0 && testErrors.length === 0) {
    if (clean) parts.push('None: `tsc` accepts the tree, and the kata’s tests type-check against its types.');
    return ['## Type errors', ...parts].join('\n\n');
  }
  const count = typeErrors.length + testErrors.length;
  parts.push('Reported, not scored: the tests decide the points.');
  if (typeErrors.length > 0) parts.push(`In the tree (${typeErrors.length}):`, ...errorList(typeErrors));
  else if (clean) parts.push('`tsc` accepts the tree’s own files.');
  if (testErrors.length > 0)
    parts.push(
      `The kata’s tests do not type-check against your types (${testErrors.length}), which costs nothing. Either your types depart from the contract (docs/contract.md), or the tests’ typings are narrower than the contract allows, which is the kata’s to fix.`,
      ...errorList(testErrors),
    );
  return [`## Type errors (${count})`, ...parts].join('\n\n');
}

function errorList(errors: readonly string[]): string[] {
  const more = errors.length - TYPE_ERRORS_SHOWN;
  return [fenced(errors.slice(0, TYPE_ERRORS_SHOWN).join('\n')), ...(more > 0 ? [inline(`…and ${more} more in report.json.`)] : [])];
}
