/**
 * Measures one tree: its code and the harness's child-side files are compiled here, then the
 * scenarios run one at a time in a child process (./measuring-child.ts). When a scenario ends
 * the child (an endless loop, a crash, memory exhausted), the rest go on in a fresh one.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KATA_ROOT } from '../paths.ts';
import { subjectOf } from '../phases.ts';
import { importRuleFor } from '../sandbox/import-rule.ts';
import type { Catalogue } from './catalogue.ts';
import { compileFolder } from './compile.ts';
import { GRADE_SCENARIOS, scenarioNamed } from './grade-scenarios.ts';
import { runMeasuringChild } from './measuring-child.ts';
import type { ChildPayload, CompiledModules } from './protocol.ts';
import type { Outcome } from './results.ts';

export interface MeasureOptions {
  /** Scenario names, in the order to run them. @default every scenario of the catalogue (grade's) */
  readonly scenarios?: readonly string[];
  /** Half the items of a full run. @default false */
  readonly quick?: boolean;
  /** For all the scenarios of this call: each gets an equal share, and is stopped past it. */
  readonly timeLimitMs: number;
  /** The child's heap limit (`--max-old-space-size`). */
  readonly memoryLimitMb: number;
  /** Node flags for the child, such as the permission model's; it must be allowed to read the tree, harness/ and node_modules/. */
  readonly nodeArgs?: readonly string[];
  /** Where the scenarios are found. @default grade's (./grade-scenarios.ts); `npm run bench` has its own */
  readonly catalog?: Catalogue;
}

const MEASURE_DIR = realpathSync(dirname(fileURLToPath(import.meta.url)));
const HARNESS_DIR = dirname(MEASURE_DIR);
/**
 * The harness folders the child loads from at run time besides the catalogue's own: this one
 * (the child, the traffic, the kata's classes) and the import rule's. A module the child
 * requires from any other folder was not compiled for it, and every scenario would fail
 * (tests/selftest/perf.test.ts holds the child's imports to this list).
 */
export const CHILD_DIRS: readonly string[] = [MEASURE_DIR, join(HARNESS_DIR, 'sandbox')];
const GRADE_CATALOGUE: Catalogue = { module: join(MEASURE_DIR, 'grade-scenarios.ts'), scenarioNamed };
/** Harness folders compiled once per process, by path. */
const harnessModules = new Map<string, Promise<CompiledModules>>();

/** Every scenario asked for, by name, with its measurement or the reason it has none. */
export async function measureTree(treeRoot: string, options: MeasureOptions): Promise<Map<string, Outcome>> {
  const catalog = options.catalog ?? GRADE_CATALOGUE;
  const names = options.scenarios ?? GRADE_SCENARIOS.map((scenario) => scenario.name);
  const subjects = subjectFiles(names, catalog);
  if (names.length === 0) return new Map();
  const root = realpathSync(treeRoot);
  const harness = await Promise.all([...new Set([...CHILD_DIRS, dirname(catalog.module)])].map(compiledHarness));
  const modules = Object.assign({}, ...harness, await compileFolder(root)) as CompiledModules;
  const shareMs = options.timeLimitMs / names.length;
  const outcomes = new Map<string, Outcome>();
  for (let left = names; left.length > 0; left = left.filter((name) => !outcomes.has(name))) {
    const payload: ChildPayload = {
      token: randomBytes(16).toString('hex'),
      treeRoot: root,
      main: join(MEASURE_DIR, 'child', 'main.ts'),
      harness: HARNESS_DIR,
      catalog: catalog.module,
      scenarios: left,
      subjects,
      quick: options.quick ?? false,
      modules,
      importRule: importRuleFor([root], KATA_ROOT),
    };
    const settled = await runMeasuringChild({ payload, shareMs, memoryLimitMb: options.memoryLimitMb, nodeArgs: options.nodeArgs ?? [] });
    for (const [name, outcome] of settled) outcomes.set(name, outcome);
  }
  return new Map(names.map((name) => [name, outcomes.get(name) as Outcome]));
}

/** The file of each class the named scenarios measure, by export name, from the registry; throws for a name the catalogue lacks. */
function subjectFiles(names: readonly string[], catalog: Catalogue): Record<string, string> {
  const exportNames = names.map((name) => catalog.scenarioNamed(name).subject).filter((subject) => subject !== null);
  return Object.fromEntries(exportNames.map((exportName) => [exportName, subjectOf(exportName).file]));
}

function compiledHarness(dir: string): Promise<CompiledModules> {
  let compiled = harnessModules.get(dir);
  if (!compiled) {
    compiled = compileFolder(dir);
    harnessModules.set(dir, compiled);
  }
  return compiled;
}
