/**
 * The Node flags that confine a process running untrusted code: the permission model's (it
 * may read the sandboxed copy, the kata's tests, harness and node_modules, and write only
 * its scratch folder; `solutions/` stays unreadable) and the heap limit.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { KATA_ROOT } from '../paths.ts';

/** The heap limit of a process, in MB. */
export function heapLimitArg(memoryLimitMb: number): string {
  return `--max-old-space-size=${memoryLimitMb}`;
}

/**
 * The permission-model flags, or none if this Node does not have the model or refuses the
 * flags (the report then says file access was not confined). Workers stay allowed (phase 2's
 * shared buffer runs in worker threads), and so do child processes: esbuild, which loads
 * TypeScript in those workers, runs as one.
 */
export function permissionArgs(tree: string, scratch: string): string[] {
  // Node 20 (and 22 before 22.13) spells it --experimental-permission; later 22s take both, and 24 only
  // --permission. The --allow-* flags below mean the same on 20, 22 and 24 (checked by .ci/node-smoke).
  const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
  const readable = [tree, scratch, join(KATA_ROOT, 'tests'), join(KATA_ROOT, 'harness'), join(KATA_ROOT, 'node_modules')];
  const args = [
    flag,
    ...readable.flatMap(withRealPath).map((path) => `--allow-fs-read=${path}`),
    `--allow-fs-read=${join(KATA_ROOT, 'package.json')}`,
    `--allow-fs-write=${scratch}`,
    '--allow-worker',
    '--allow-child-process',
  ];
  const probe = spawnSync(
    process.execPath,
    [
      ...args,
      '-e',
      `require('fs').readFileSync(${JSON.stringify(join(KATA_ROOT, 'package.json'))}); try { require('fs').readdirSync(${JSON.stringify(join(KATA_ROOT, 'solutions'))}); process.exit(3) } catch {}`,
    ],
    { stdio: 'ignore', timeout: 10_000 },
  );
  return probe.status === 0 ? args : [];
}

/**
 * A path and, when a symbolic link leads there, where it really is: modules are loaded by their
 * real paths, and the permission model checks the path asked for (a node_modules that is a link,
 * as in a clone that shares one, or a temp folder behind /tmp → /private/tmp).
 */
function withRealPath(path: string): string[] {
  try {
    const real = realpathSync(path);
    return real === path ? [path] : [path, real];
  } catch {
    return [path];
  }
}
