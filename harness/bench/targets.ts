/**
 * The bench's targets, judged on ratios from one run (never on absolute times): each says
 * what was required, what came out, and whether it holds. They are judged on the target
 * tree's figures, so `--impl` shows how a candidate's buffers fare against the same bars.
 */
import type { LeakRow, Row } from './summary.ts';

export interface Verdict {
  readonly target: string;
  /** The figure's ratio as measured, or null when a figure is missing (an error, a filtered run). */
  readonly measured: number | null;
  readonly required: number;
  /** `at least` for ratios; `at most` for leak counts and heap growth. */
  readonly comparison: 'at least' | 'at most';
  readonly holds: boolean;
  readonly detail: string;
}

/** A heap that grew by less than this over the whole leak run has not grown with the operations. */
export const HEAP_ALLOWANCE_BYTES = 1_000_000;

const ASYNC_WORKLOADS = ['1x1-c1024', '4x4-c1024', '16x16-c1024'];

export function judge(rows: readonly Row[], leaks: readonly LeakRow[]): Verdict[] {
  const side = [...rows, ...leaks].some((row) => row.side === 'target') ? 'target' : 'reference';
  const mine = rows.filter((row) => row.side === side || row.kind !== 'kata');
  const find = (scenario: string) => mine.find((row) => row.scenario === scenario);
  const verdicts: Verdict[] = [];
  /** `scenario`'s figure over `base`'s must be at least `required`; skipped when `scenario` was not part of the run. */
  const ratio = (target: string, required: number, scenario: string, base: Row | undefined, baseName: string) => {
    const row = find(scenario);
    if (!row) return;
    const measured = row.median !== undefined && base?.median !== undefined ? Math.round((row.median / base.median) * 100) / 100 : null;
    const detail = measured === null ? `not measured: ${row.error ?? base?.error ?? `no figure for ${baseName}`}` : `over ${baseName}`;
    verdicts.push({ target, measured, required, comparison: 'at least', holds: measured !== null && measured >= required, detail });
  };
  for (const workload of ASYNC_WORKLOADS) {
    const peers = mine.filter((row) => row.kind === 'peer' && row.workload === workload && row.median !== undefined);
    const best = peers.sort((a, b) => (b.median ?? 0) - (a.median ?? 0))[0];
    ratio(
      `ManagedBuffer (fifo) ${workload}, awaited, over the fastest async peer`,
      1.25,
      `managed-fifo@${workload}`,
      best,
      best?.label ?? 'a peer',
    );
  }
  ratio(
    'ManagedBuffer (fifo) 1x1-c1024, awaited, over the await ceiling',
    0.7,
    'managed-fifo@1x1-c1024',
    find('ceiling-await@1x1-c1024'),
    'one await per operation',
  );
  ratio(
    'ManagedBuffer (fifo) offer/poll first, over the synchronous ring',
    0.25,
    'managed-fifo@eager-1x1-c1024',
    find('ceiling-sync@eager-1x1-c1024'),
    'the synchronous ring',
  );
  ratio(
    'SharedBoundedBuffer across threads, over postMessage per item',
    10,
    'shared@threads-1x1-c1024',
    find('post-message@threads-1x1-c1024'),
    'postMessage per item',
  );
  for (const leak of leaks.filter((row) => row.side === side)) verdicts.push(leakVerdict(leak));
  return verdicts;
}

function leakVerdict(leak: LeakRow): Verdict {
  const name = `${leak.label}: no growth, nothing left behind`;
  if (leak.error || leak.heapGrowthBytes === undefined) {
    return { target: name, measured: null, required: 0, comparison: 'at most', holds: false, detail: leak.error ?? 'not measured' };
  }
  const left = (leak.timersLeft ?? 0) + (leak.listenersLeft ?? 0);
  const holds = leak.heapGrowthBytes <= HEAP_ALLOWANCE_BYTES && left === 0;
  const detail = `heap ${signedKb(leak.heapGrowthBytes)} over ${leak.operations.toLocaleString('en-US')} operations, ${leak.timersLeft} timers and ${leak.listenersLeft} abort listeners left`;
  return { target: name, measured: leak.heapGrowthBytes, required: HEAP_ALLOWANCE_BYTES, comparison: 'at most', holds, detail };
}

export function signedKb(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${Math.round(Math.abs(bytes) / 1024).toLocaleString('en-US')} KB`;
}
