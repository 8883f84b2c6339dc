/**
 * From the outcomes of every round to the figures people read: for each scenario and side,
 * the median items per second with its spread (the smallest and largest round), the
 * latencies of a ping-pong, and each figure's ratio to the reference's and to the best peer's
 * in the same workload. Peers and ceilings are the same for both sides.
 */
import { isError, type Leaks, medianFigures, ratio, sizeOf, spreadOf, type Throughput } from '../measure/index.ts';
import { scenarioNamed } from './catalog.ts';
import { CONTENDERS } from './contenders.ts';
import { contenderOf, type Side, workloadOf } from './plan.ts';
import type { Measured } from './run.ts';

export type RowKind = 'kata' | 'peer' | 'ceiling';

export interface Row {
  readonly scenario: string;
  readonly contender: string;
  readonly label: string;
  readonly workload: string;
  readonly kind: RowKind;
  /** Whose figure: the target's or the reference's (peers and ceilings: 'reference' unless both are one tree). */
  readonly side: Side;
  readonly rounds: number;
  /** Median, smallest and largest items per second over the rounds; absent with `error`. */
  readonly median?: number;
  readonly min?: number;
  readonly max?: number;
  /** Each round's items per second, in the order of the rounds. */
  readonly runs?: readonly number[];
  readonly p50Us?: number;
  readonly p99Us?: number;
  /** This figure over the reference's for the same scenario (the kata's buffers only). */
  readonly vsReference?: number;
  /** This figure over the fastest peer's in the same workload. */
  readonly vsBestPeer?: number;
  readonly bestPeer?: string;
  readonly error?: string;
}

export interface LeakRow extends Partial<Leaks> {
  readonly scenario: string;
  readonly label: string;
  readonly side: Side;
  readonly operations: number;
  readonly error?: string;
}

/** Labels of the contenders that are not in CONTENDERS (threads and the synchronous ring). */
const EXTRA: Readonly<Record<string, { label: string; kind: RowKind }>> = {
  shared: { label: 'SharedBoundedBuffer', kind: 'kata' },
  'post-message': { label: 'MessagePort.postMessage per item', kind: 'peer' },
  'post-batches': { label: 'postMessage, transferred batches', kind: 'peer' },
  'ceiling-sync': { label: 'ceiling: synchronous ring, no promises', kind: 'ceiling' },
};

function describeContender(id: string): { label: string; kind: RowKind } {
  const contender = CONTENDERS.find((candidate) => candidate.id === id);
  return contender ? { label: contender.label, kind: contender.kind } : (EXTRA[id] ?? { label: id, kind: 'peer' });
}

export function summarise(measured: Measured, quick: boolean): { rows: Row[]; leaks: LeakRow[] } {
  const raw: Row[] = [];
  const leaks: LeakRow[] = [];
  for (const side of ['reference', 'target'] as const) {
    for (const [name, outcomes] of measured[side]) {
      const scenario = scenarioNamed(name);
      const { label, kind } = describeContender(contenderOf(name));
      const failure = outcomes.find(isError);
      if (scenario.kind === 'memory') {
        leaks.push({ scenario: name, label, side, operations: sizeOf(scenario, quick), ...(failure ?? (outcomes[0] as Leaks)) });
        continue;
      }
      const base = { scenario: name, contender: contenderOf(name), label, workload: workloadOf(name), kind, side, rounds: outcomes.length };
      raw.push(failure ? { ...base, error: failure.error } : { ...base, ...figures(outcomes as Throughput[]) });
    }
  }
  const rows = raw.map((row) => withRatios(row, raw));
  return { rows, leaks };
}

/** The median of each figure over the rounds, and the spread of the rates. */
function figures(outcomes: readonly Throughput[]) {
  const runs = outcomes.map((outcome) => outcome.opsPerSec);
  const { opsPerSec, ...latency } = medianFigures(outcomes);
  const spread = spreadOf(runs);
  return { median: opsPerSec, min: spread?.low, max: spread?.high, runs, ...latency };
}

function withRatios(row: Row, all: readonly Row[]): Row {
  if (row.median === undefined) return row;
  const peers = all.filter((other) => other.kind === 'peer' && other.workload === row.workload && other.median !== undefined);
  const best = peers.reduce<Row | undefined>((fastest, peer) => ((peer.median ?? 0) > (fastest?.median ?? 0) ? peer : fastest), undefined);
  const reference = all.find((other) => other.scenario === row.scenario && other.side === 'reference' && other.median !== undefined);
  const ratios: { vsReference?: number; vsBestPeer?: number; bestPeer?: string } = {};
  if (row.kind === 'kata') ratios.vsReference = reference ? ratio(row.median, reference.median as number) : 1;
  if (best && best !== row) Object.assign(ratios, { vsBestPeer: ratio(row.median, best.median as number), bestPeer: best.contender });
  return { ...row, ...ratios };
}
