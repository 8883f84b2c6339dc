/**
 * The command that runs a failure again: the same phase, the same tree, the same seed (and
 * the same level, when the run was limited to one), so every random choice and schedule
 * comes out as before.
 */
import type { Phase } from '../phases.ts';
import type { Target } from '../target.ts';

export function replayCommand(phase: Phase, target: Target, seed: number, level?: number): string {
  const only = level ? ['--level', String(level)] : [];
  return ['npm run phase', String(phase.number), '--', ...target.flags, ...only, '--seed', String(seed)].join(' ');
}
