/**
 * What a Vitest child run tells the CLI, one JSON object per line in the events file.
 * `start` and `end` are written synchronously by the worker that runs the test, so they
 * land even when a later test freezes the worker before its results reach Vitest's main
 * process; the rest come from the reporter there, and its `result` is the final word.
 */
import { appendFileSync } from 'node:fs';

export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

export type TestState = 'passed' | 'failed' | 'skipped';

export type KataEvent =
  | { type: 'collected'; file: string; tests: string[] }
  | { type: 'start'; file: string; test: string; pid: number }
  | { type: 'end'; file: string; test: string; pid: number; errors: ErrorInfo[] }
  /** Written by each worker while its event loop turns: a worker that stops beating is frozen. */
  | { type: 'beat'; pid: number }
  | {
      type: 'result';
      file: string;
      test: string;
      state: TestState;
      durationMs: number;
      errors: ErrorInfo[];
      seed?: number;
    }
  | { type: 'module-error'; file: string; errors: ErrorInfo[] }
  | { type: 'unhandled'; errors: ErrorInfo[] }
  | { type: 'done' };

/** Environment variables by which the CLI talks to the Vitest child. */
export const EVENTS_ENV = 'KATA_EVENTS';
export const SKIP_ENV = 'KATA_SKIP';
export const SEED_ENV = 'KATA_SEED';

/** How often a worker whose event loop is free says so. */
export const BEAT_MS = 200;

export function writeEvent(path: string, event: KataEvent): void {
  appendFileSync(path, `${JSON.stringify(event)}\n`);
}

/** A key that names one test across runs: its file and its full name. */
export function testKey(file: string, test: string): string {
  return `${file} :: ${test}`;
}

export function toErrorInfo(error: { name?: unknown; message?: unknown; stack?: unknown }): ErrorInfo {
  return {
    name: typeof error.name === 'string' ? error.name : 'Error',
    message: typeof error.message === 'string' ? error.message : String(error.message),
    stack: typeof error.stack === 'string' ? error.stack : '',
  };
}
