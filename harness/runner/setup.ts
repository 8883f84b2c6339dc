/**
 * Runs in every Vitest worker before each test file. It records which test is running,
 * synchronously, so the CLI can name a test that freezes the event loop, and it skips tests
 * that hung in an earlier attempt of the same run.
 */
import { relative } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
// First, so the harness's real timers are captured before the code under test can patch them.
import '../engine/real-time.ts';
import { KATA_ROOT } from '../paths.ts';
import { EVENTS_ENV, SKIP_ENV, testKey, toErrorInfo, writeEvent } from './events.ts';

const eventsPath = process.env[EVENTS_ENV];
const skipped = new Set<string>(JSON.parse(process.env[SKIP_ENV] ?? '[]') as string[]);

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
