/**
 * The results file of a bench run: everything the terminal shows, as data, with the machine,
 * Node's version and the peers' versions, so that two runs can be compared later.
 */
import { readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';
import { PEERS } from './contenders.ts';
import type { LeakRow, Row } from './summary.ts';
import type { Verdict } from './targets.ts';

export interface Machine {
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGb: number;
}

export interface BenchResults {
  readonly schemaVersion: 1;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly quick: boolean;
  readonly rounds: number;
  readonly only: string | null;
  readonly target: { readonly label: string; readonly root: string };
  readonly reference: string;
  readonly machine: Machine;
  readonly peers: readonly { readonly id: string; readonly label: string; readonly package: string | null; readonly version: string }[];
  readonly rows: readonly Row[];
  readonly leaks: readonly LeakRow[];
  readonly targets: readonly Verdict[];
}

export function machine(): Machine {
  const processors = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpus: processors.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
}

/** Each peer with the version installed (Node's own modules: Node's version). */
export function peerVersions(): BenchResults['peers'] {
  return PEERS.map((peer) => ({
    id: peer.id,
    label: peer.label,
    package: peer.packageName,
    version: peer.packageName === null ? process.version : installedVersion(peer.packageName),
  }));
}

function installedVersion(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(KATA_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}
