/**
 * The bench's results as terminal lines: one block per workload, its rows sorted fastest
 * first (ceilings on top), each with the median items per second, the spread of the rounds
 * and the ratios to the reference and to the fastest peer; then the leak counts and the
 * targets. Plain text, so the same lines can go into a document.
 */
import { bold, dim, green, red } from '../style.ts';
import { micros, rate, spread, times } from './format.ts';
import type { LeakRow, Row } from './summary.ts';
import { signedKb, type Verdict } from './targets.ts';
import { WORKLOADS } from './workload-specs.ts';

const LABEL_WIDTH = 50;

export function tableLines(rows: readonly Row[], twoTrees: boolean): string[] {
  const lines: string[] = [];
  for (const workload of WORKLOADS) {
    const block = rows.filter((row) => row.workload === workload.id).sort(fastestFirst);
    if (block.length === 0) continue;
    const latency = block.some((row) => row.p50Us !== undefined);
    lines.push('', bold(`${workload.label}  [${workload.id}]`));
    const head = `  ${'contender'.padEnd(LABEL_WIDTH)} ${'items/s'.padStart(9)} ${'spread'.padStart(7)} ${'×ref'.padStart(6)} ${'×best peer'.padStart(11)}`;
    lines.push(dim(latency ? `${head} ${'p50'.padStart(9)} ${'p99'.padStart(9)}` : head));
    for (const row of block) lines.push(rowLine(row, twoTrees, latency));
  }
  return lines;
}

function rowLine(row: Row, twoTrees: boolean, latency: boolean): string {
  const name = `${row.label}${twoTrees && row.kind === 'kata' ? (row.side === 'target' ? ' · target' : ' · reference') : ''}`;
  const label = `  ${name.slice(0, LABEL_WIDTH).padEnd(LABEL_WIDTH)}`;
  if (row.median === undefined) return `${label} ${red(`error: ${row.error ?? 'not measured'}`)}`;
  const cells = [
    rate(row.median).padStart(9),
    spread(row.median, row.min ?? row.median, row.max ?? row.median).padStart(7),
    (row.vsReference === undefined ? '' : times(row.vsReference)).padStart(6),
    (row.vsBestPeer === undefined ? '' : times(row.vsBestPeer)).padStart(11),
  ];
  if (latency)
    cells.push(row.p50Us === undefined ? '' : micros(row.p50Us).padStart(9), row.p99Us === undefined ? '' : micros(row.p99Us).padStart(9));
  const line = `${label} ${cells.join(' ')}`;
  return row.kind === 'ceiling' ? dim(line) : line;
}

function fastestFirst(a: Row, b: Row): number {
  const ceiling = Number(b.kind === 'ceiling') - Number(a.kind === 'ceiling');
  return ceiling || (b.median ?? -1) - (a.median ?? -1);
}

export function leakLines(leaks: readonly LeakRow[], twoTrees: boolean): string[] {
  if (leaks.length === 0) return [];
  const operations = leaks[0]?.operations.toLocaleString('en-US');
  const lines = ['', bold(`Memory: heap growth over ${operations} operations, timers and abort listeners left`)];
  lines.push(dim(`  ${'buffer'.padEnd(LABEL_WIDTH)} ${'heap'.padStart(10)} ${'timers'.padStart(7)} ${'listeners'.padStart(10)}`));
  for (const leak of leaks) {
    const name = `${leak.label}${twoTrees ? ` · ${leak.side}` : ''}`.slice(0, LABEL_WIDTH).padEnd(LABEL_WIDTH);
    if (leak.heapGrowthBytes === undefined) lines.push(`  ${name} ${red(`error: ${leak.error ?? 'not measured'}`)}`);
    else
      lines.push(
        `  ${name} ${signedKb(leak.heapGrowthBytes).padStart(10)} ${String(leak.timersLeft).padStart(7)} ${String(leak.listenersLeft).padStart(10)}`,
      );
  }
  return lines;
}

export function verdictLines(verdicts: readonly Verdict[]): string[] {
  if (verdicts.length === 0) return [];
  const lines = ['', bold('Targets')];
  for (const verdict of verdicts) {
    const mark = verdict.holds ? green('✓') : red('✗');
    const figure =
      verdict.comparison === 'at most' || verdict.measured === null ? '' : `${times(verdict.measured)} (needs ${times(verdict.required)}) `;
    lines.push(`  ${mark} ${verdict.target}: ${figure}${dim(verdict.detail)}`);
  }
  return lines;
}
