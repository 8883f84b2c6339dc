/**
 * `npm run bench`: the target tree's buffers beside the reference's, the peer libraries and
 * the ceilings, through identical workloads, each in a watched child (../bench/). Prints the
 * table, the leak counts and the targets, and writes bench-results/<timestamp>.json and
 * bench-results/latest.svg. Exit 0 once the results are written, whatever they say.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { planGroups } from '../bench/plan.ts';
import { type BenchResults, machine, peerVersions } from '../bench/results.ts';
import { runBench } from '../bench/run.ts';
import { summarise } from '../bench/summary.ts';
import { chartSvg } from '../bench/svg.ts';
import { leakLines, tableLines, verdictLines } from '../bench/table.ts';
import { judge } from '../bench/targets.ts';
import { KATA_ROOT } from '../paths.ts';
import { createSandbox, DEFAULT_MEMORY_LIMIT_MB } from '../sandbox/sandbox.ts';
import { bold, dim } from '../style.ts';
import { resolveTarget, userCwd } from '../target.ts';
import { UsageError } from '../usage-error.ts';
import { intFlag, parseArgs, stringFlag, TARGET_FLAGS } from './args.ts';

const FLAGS = {
  ...TARGET_FLAGS,
  quick: { value: false, help: 'three rounds of fewer items, half a million operations per leak check (under two minutes)' },
  rounds: { value: true, help: '<n>: rounds to take the medians over (default 5, or 3 with --quick)' },
  only: { value: true, help: '<text>: only the scenarios whose names contain it, such as managed-fifo@ or @ping-pong' },
  out: { value: true, help: '<dir>: where to write the results (default bench-results/)' },
  'memory-mb': { value: true, help: `<MB>: heap limit of each measuring process (default ${DEFAULT_MEMORY_LIMIT_MB})` },
};

export async function benchCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 'bench');
  if (args.positionals.length > 0) throw new UsageError(`bench takes no positional arguments, got: ${args.positionals.join(' ')}.`);
  const target = resolveTarget({ solution: args.flags.has('solution'), impl: stringFlag(args, 'impl') });
  const quick = args.flags.has('quick');
  const rounds = intFlag(args, 'rounds', 1, 50) ?? (quick ? 3 : 5);
  const only = stringFlag(args, 'only');
  const referenceRoot = join(KATA_ROOT, 'solutions');
  const twoTrees = realpathSync(target.root) !== realpathSync(referenceRoot);
  if (planGroups({ sameTree: !twoTrees, only }).length === 0) throw new UsageError(`--only ${only}: no bench scenario's name contains it.`);
  const out = resolve(userCwd(), stringFlag(args, 'out') ?? join(KATA_ROOT, 'bench-results'));
  const started = new Date();
  const host = machine();

  console.log(
    `${bold('Bench')}  ${dim(`target ${target.label} · ${quick ? 'quick' : 'full'} · ${rounds} rounds · Node ${host.node}, ${host.cpus} × ${host.cpuModel}`)}`,
  );
  const memoryLimitMb = intFlag(args, 'memory-mb', 64, 16_384) ?? DEFAULT_MEMORY_LIMIT_MB;
  // A tree other than the kata's own runs as grade runs it: a copy, under the permission model.
  const sandbox = target.kind === 'impl' ? createSandbox(target.root, memoryLimitMb) : undefined;
  const measured = await runBench({
    targetRoot: sandbox?.tree ?? target.root,
    targetNodeArgs: sandbox?.permissionArgs,
    referenceRoot,
    quick,
    rounds,
    only,
    memoryLimitMb,
    scenarioLimitMs: quick ? 60_000 : 180_000,
    onGroup: ({ round, group, index, of }) => {
      const elapsed = Math.round((Date.now() - started.getTime()) / 1000);
      console.log(
        dim(`  ${elapsed} s · round ${round + 1}/${rounds} · ${index + 1}/${of} · ${group.id}${twoTrees ? ` (${group.side})` : ''}`),
      );
    },
  }).finally(() => sandbox?.dispose());
  const { rows, leaks } = summarise(measured, quick);
  const targets = judge(rows, leaks);
  for (const line of [...tableLines(rows, twoTrees), ...leakLines(leaks, twoTrees), ...verdictLines(targets)]) console.log(line);

  const results: BenchResults = {
    schemaVersion: 1,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    quick,
    rounds,
    only: only ?? null,
    target: { label: target.label, root: target.root },
    reference: referenceRoot,
    machine: host,
    peers: peerVersions(),
    rows,
    leaks,
    targets,
  };
  mkdirSync(out, { recursive: true });
  const file = join(out, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  const chart = join(out, 'latest.svg');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const subheading = `${host.cpus} × ${host.cpuModel} · Node ${host.node} · ${quick ? 'quick' : 'full'} · ${started.toISOString().slice(0, 16)}`;
  writeFileSync(chart, chartSvg(rows, `npm run bench · ${target.label}`, subheading));
  const shown = (path: string) => relative(userCwd(), path) || path;
  console.log(`\nResults ${shown(file)} · chart ${shown(chart)} · ${Math.round(results.durationMs / 1000)} s`);
  return 0;
}
