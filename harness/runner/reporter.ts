/**
 * A Vitest reporter that writes every collection, result and load error to the events
 * file named by `KATA_EVENTS`, for the CLI to read while the run is still going.
 */
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { KATA_ROOT } from '../paths.ts';
import { type ErrorInfo, type KataEvent, toErrorInfo, writeEvent } from './events.ts';

declare module '@vitest/runner' {
  interface TaskMeta {
    /** Set by tests that drew random numbers: the run's seed, which replays them. */
    kataSeed?: number;
  }
}

export class EventsReporter implements Reporter {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  onTestModuleCollected(module: TestModule): void {
    const tests = [...module.children.allTests()].map((test) => test.fullName);
    this.#write({ type: 'collected', file: fileOf(module), tests });
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'pending') return;
    this.#write({
      type: 'result',
      file: fileOf(test.module),
      test: test.fullName,
      state: result.state,
      durationMs: test.diagnostic()?.duration ?? 0,
      errors: (result.errors ?? []).map(toErrorInfo),
      seed: test.meta().kataSeed,
    });
  }

  onTestModuleEnd(module: TestModule): void {
    const errors = module.errors();
    if (errors.length > 0) this.#write({ type: 'module-error', file: fileOf(module), errors: errors.map(toErrorInfo) });
  }

  onTestRunEnd(_modules: unknown, unhandledErrors: ReadonlyArray<{ name?: string; message: string; stack?: string }>): void {
    const errors: ErrorInfo[] = unhandledErrors.map(toErrorInfo);
    if (errors.length > 0) this.#write({ type: 'unhandled', errors });
    this.#write({ type: 'done' });
  }

  #write(event: KataEvent): void {
    writeEvent(this.#path, event);
  }
}

function fileOf(module: TestModule): string {
  return relative(KATA_ROOT, module.moduleId);
}
