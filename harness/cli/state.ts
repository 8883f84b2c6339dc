/**
 * What the CLI remembers between runs, in `.kata/` (or `KATA_STATE_DIR`): which hints were
 * shown, and how each phase last went on each tree, so `npm run phase` can continue where
 * the learner is. Unreadable state is treated as empty: it only ever saves a step.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';

export function stateDir(): string {
  return process.env.KATA_STATE_DIR ?? join(KATA_ROOT, '.kata');
}

export function readState<T extends object>(name: string): Partial<T> {
  const file = join(stateDir(), `${name}.json`);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<T>;
  } catch {
    return {};
  }
}

export function writeState(name: string, state: object): void {
  const file = join(stateDir(), `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

export interface PhaseRecord {
  readonly passed: number;
  readonly total: number;
  /** Every test passed, with no load error, hang or early stop. */
  readonly done: boolean;
  readonly at?: string;
}

/** Tree root → phase number → how its last full run went. */
type Progress = Record<string, Record<string, PhaseRecord>>;

export function recordPhase(targetRoot: string, phase: number, record: PhaseRecord): void {
  const progress = readState<Progress>('progress') as Progress;
  progress[targetRoot] = { ...progress[targetRoot], [phase]: { ...record, at: new Date().toISOString() } };
  writeState('progress', progress);
}

export function phaseRecords(targetRoot: string): Readonly<Record<string, PhaseRecord>> {
  return (readState<Progress>('progress') as Progress)[targetRoot] ?? {};
}
