/**
 * Measures one tree: its code and the harness's child-side files are compiled here, then the
 * scenarios run one at a time in a child process (./watched-child.ts). When a scenario ends
 * the child (an endless loop, a crash, memory exhausted), the rest go on in a fresh one.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KATA_ROOT } from '../paths.ts';
import { SCENARIOS, scenarioNamed } from './catalog.ts';
import { compileFolder } from './compile.ts';
import { importRuleFor } from './import-rule.ts';
import type { AnyScenario, CompiledModules, Outcome } from './types.ts';
import { runWatchedChild } from './watched-child.ts';

export interface MeasureOptions {
  /** Scenario names, in the order to run them. @default every scenario */
  readonly scenarios?: readonly string[];
  /** Half the items of a full run. @default false */
  readonly quick?: boolean;
  /** For all the scenarios of this call: each gets an equal share, and is stopped past it. */
  readonly timeLimitMs: number;
  /** The child's heap limit (`--max-old-space-size`). */
  readonly memoryLimitMb: number;
  /** Node flags for the child, such as the permission model's; it must be allowed to read the tree, harness/ and node_modules/. */
  readonly nodeArgs?: readonly string[];
  /** Where the scenarios are found, when they are not those of ./catalog.ts (`npm run bench` has its own). */
  readonly catalog?: Catalog;
}

/** A harness module that exports `scenarioNamed`; its folder is compiled for the child too. */
export interface Catalog {
  /** Absolute path of the module, for the child to load. */
  readonly module: string;
  /** The same function, for this side to check the names with. */
  readonly scenarioNamed: (name: string) => AnyScenario;
}

const PERF_DIR = realpathSync(dirname(fileURLToPath(import.meta.url)));
const PERF_CATALOG: Catalog = { module: join(PERF_DIR, 'catalog.ts'), scenarioNamed };
/** Harness folders compiled once per process, by path. */
const harnessModules = new Map<string, Promise<CompiledModules>>();

/** Every scenario asked for, by name, with its measurement or the reason it has none. */
export async function measureTree(treeRoot: string, options: MeasureOptions): Promise<Map<string, Outcome>> {
  const catalog = options.catalog ?? PERF_CATALOG;
  const names = options.scenarios ?? SCENARIOS.map((scenario) => scenario.name);
  for (const name of names) catalog.scenarioNamed(name);
  if (names.length === 0) return new Map();
  const root = realpathSync(treeRoot);
  const harness = await Promise.all([...new Set([PERF_DIR, dirname(catalog.module)])].map(compiledHarness));
  const modules = Object.assign({}, ...harness, await compileFolder(root)) as CompiledModules;
  const shareMs = options.timeLimitMs / names.length;
  const outcomes = new Map<string, Outcome>();
  for (let left = names; left.length > 0; left = left.filter((name) => !outcomes.has(name))) {
    const payload = {
      token: randomBytes(16).toString('hex'),
      treeRoot: root,
      main: join(PERF_DIR, 'child-main.ts'),
      catalog: catalog.module,
      scenarios: left,
      quick: options.quick ?? false,
      modules,
      importRule: importRuleFor([root], KATA_ROOT),
    };
    const settled = await runWatchedChild({ payload, shareMs, memoryLimitMb: options.memoryLimitMb, nodeArgs: options.nodeArgs ?? [] });
    for (const [name, outcome] of settled) outcomes.set(name, outcome);
  }
  return new Map(names.map((name) => [name, outcomes.get(name) as Outcome]));
}

function compiledHarness(dir: string): Promise<CompiledModules> {
  let compiled = harnessModules.get(dir);
  if (!compiled) {
    compiled = compileFolder(dir);
    harnessModules.set(dir, compiled);
  }
  return compiled;
}
