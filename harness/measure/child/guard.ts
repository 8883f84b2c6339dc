/**
 * What the code under test may do to the measuring child, caught before any of it loads:
 * call process.exit (reported, then the child exits as asked), throw from a timer or a
 * callback, reject a promise nobody handles, or leave every caller waiting with nothing left
 * to run (the event loop empties). Each of the last three ends the scenario running at the
 * time with the harness's verdict; between scenarios they are ignored.
 */
import type { ChildMessage } from '../protocol.ts';
import { describe, HarnessVerdict, safeString } from './wording.ts';

export interface ProcessGuard {
  /** Settles as `work` does, or rejects with the harness's verdict if the process gets stuck or an error escapes meanwhile. */
  during<T>(work: () => Promise<T>): Promise<T>;
}

export function guardProcess(send: (message: ChildMessage) => void, exit: (code: number) => never, treeRoot: string): ProcessGuard {
  let stuck: (error: Error) => void = () => {};
  process.exit = ((code?: number | string | null) => {
    send({ type: 'exit', code: safeString(code ?? process.exitCode ?? 0) });
    return exit(Number(code ?? 0) || 0);
  }) as typeof process.exit;
  const fatal = (what: string) => (error: unknown) => stuck(new HarnessVerdict(`${what}: ${describe(error, treeRoot)}`));
  process.on('uncaughtException', fatal('an exception escaped every call (from a timer or a callback)'));
  process.on('unhandledRejection', fatal('a promise rejected with nobody to handle it'));
  process.on('beforeExit', () =>
    stuck(new HarnessVerdict('never finished: every producer and consumer was waiting, with nothing left to wake them (a lost wake-up?)')),
  );
  return {
    async during(work) {
      const giveUp = new Promise<never>((_, reject) => {
        stuck = reject;
      });
      try {
        return await Promise.race([work(), giveUp]);
      } finally {
        stuck = () => {};
      }
    },
  };
}
