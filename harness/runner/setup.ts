/**
 * Runs in every Vitest worker before each test file. It records which test is running,
 * synchronously, so the CLI can name a test that freezes the event loop, beats while the
 * event loop is free (a test that runs long but keeps the loop turning is not a hang), and
 * skips tests that hung in an earlier attempt of the same run.
 */
import { relative } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
// Then, so that the timers the code under test sets are counted (liveness verdicts wait for them).
import { installTimerTracking } from '../engine/code-timers.ts';
// First, so the harness's real timers are captured before the code under test can patch them.
import { realSetInterval } from '../engine/real-time.ts';
import { KATA_ROOT } from '../paths.ts';
import { BEAT_MS, EVENTS_ENV, SKIP_ENV, testKey, toErrorInfo, writeEvent } from './events.ts';

const eventsPath = process.env[EVENTS_ENV];
const skipped = new Set<string>(JSON.parse(process.env[SKIP_ENV] ?? '[]') as string[]);
const BEATING = Symbol.for('kata.beating');
installTimerTracking();

// One heartbeat per worker process, however many test files it runs.
if (eventsPath && !(BEATING in globalThis)) {
  Object.defineProperty(globalThis, BEATING, { value: true });
  const path = eventsPath;
  realSetInterval(() => writeEvent(path, { type: 'beat', pid: process.pid }), BEAT_MS).unref();
}

beforeEach((context) => {
  const { task } = context;
  const file = relative(KATA_ROOT, task.file.filepath);
  if (skipped.has(testKey(file, task.fullTestName))) {
    context.skip('not run again: it hung in an earlier attempt of this run');
  }
  if (eventsPath) writeEvent(eventsPath, { type: 'start', file, test: task.fullTestName, pid: process.pid });
});

afterEach((context) => {
  const { task } = context;
  if (!eventsPath) return;
  const file = relative(KATA_ROOT, task.file.filepath);
  const errors = (task.result?.errors ?? []).map(toErrorInfo);
  writeEvent(eventsPath, { type: 'end', file, test: task.fullTestName, pid: process.pid, errors });
});
