/**
 * The measuring child's scenario loop (started through ./bootstrap.cjs): captures its
 * instruments and guards the process (./guard.ts) before any code of the tree loads, then
 * runs the scenarios it was given one at a time, throughput (./throughput.ts) or leaks
 * (./leaks.ts), and reports each on its pipe as it ends, with a result or an error worded
 * for the report (./wording.ts).
 */
import { join } from 'node:path';
import type { ChildMessage, ChildPayload } from '../protocol.ts';
import type { AnyScenario } from '../scenario.ts';
import { guardProcess } from './guard.ts';
import { captureInstruments } from './instruments.ts';
import { measureLeaks } from './leaks.ts';
import { threadStarter } from './threads.ts';
import { measureThroughput } from './throughput.ts';
import { describe, HarnessVerdict } from './wording.ts';

/** Warm-up runs of a quarter of the items each, so that the measured run finds the code optimised. */
const WARM_UP_ROUNDS = 2;
/** For the first throughput scenario of a child, which finds nothing of its code compiled yet. */
const FIRST_WARM_UP_ROUNDS = 8;

export interface ChildContext {
  readonly payload: ChildPayload;
  /** `require`, for the tree's compiled modules. */
  readonly load: (path: string) => Record<string, unknown>;
  readonly send: (message: ChildMessage) => void;
  /** The real process.exit. */
  readonly exit: (code: number) => never;
}

export async function runChild({ payload, load, send, exit }: ChildContext): Promise<void> {
  const instruments = captureInstruments();
  const guard = guardProcess(send, exit, payload.treeRoot);
  const { scenarioNamed } = load(payload.catalog) as { scenarioNamed: (name: string) => AnyScenario };
  const startThread = threadStarter(payload);
  let warmed = false;
  for (const name of payload.scenarios) {
    send({ type: 'start', scenario: name });
    try {
      const result = await guard.during(async () => {
        const scenario = scenarioNamed(name);
        const subject = loadSubject(scenario, payload, load);
        if (scenario.kind === 'memory') return measureLeaks(scenario, subject, instruments, payload.quick);
        const warmUpRounds = warmed ? WARM_UP_ROUNDS : FIRST_WARM_UP_ROUNDS;
        warmed = true;
        return measureThroughput(scenario, subject, { ...instruments, startThread, warmUpRounds }, payload.quick);
      });
      send({ type: 'result', scenario: name, result });
    } catch (error) {
      send({ type: 'error', scenario: name, error: describe(error, payload.treeRoot) });
    }
  }
  send({ type: 'done' });
}

/** The class the scenario measures, from the tree under test; undefined for a scenario that measures none. */
function loadSubject(scenario: AnyScenario, payload: ChildPayload, load: ChildContext['load']): unknown {
  if (scenario.subject === null) return undefined;
  const exportName = scenario.subject;
  const file = payload.subjects[exportName];
  if (file === undefined) throw new Error(`the harness did not say which file holds ${exportName}`);
  const path = join(payload.treeRoot, file);
  if (!Object.hasOwn(payload.modules, path)) throw new HarnessVerdict(`not run: the tree has no ${file}`);
  const value = load(path)[exportName];
  if (typeof value !== 'function') throw new HarnessVerdict(`not run: ${file} does not export a class named ${exportName}`);
  return value;
}
