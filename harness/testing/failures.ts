/**
 * Failing a test with a message a person can act on. Errors from the code under test that
 * mean "not written yet" pass through untouched, so a stub fails with NotImplementedError
 * and not with whatever assertion happened to be wrapped around it.
 */
import { AssertionError } from 'node:assert';

export function fail(message: string): never {
  throw new AssertionError({ message });
}

export function rethrowIfNotImplemented(error: unknown): void {
  if (error instanceof Error && error.name === 'NotImplementedError') throw error;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a non-Error value (${String(error)})`;
}

export interface ExpectedError {
  readonly name: string;
  /** Fragments the message must contain, such as the argument's name and the value. */
  readonly mentions?: readonly string[];
  /** An example of a good message, shown when the message lacks a fragment. */
  readonly example?: string;
}

/** Calls `action`, described to the reader as `call`, and checks what it throws. */
export function expectThrows(call: string, action: () => unknown, expected: ExpectedError): void {
  let threw = false;
  let error: unknown;
  try {
    action();
  } catch (caught) {
    threw = true;
    error = caught;
  }
  if (!threw) fail(`${call} should throw ${expected.name}, but it returned normally.`);
  rethrowIfNotImplemented(error);
  if (!(error instanceof Error) || error.name !== expected.name) {
    fail(`${call} should throw ${expected.name}, but it threw ${describeError(error)}.`);
  }
  const missing = (expected.mentions ?? []).filter((fragment) => !error.message.includes(fragment));
  if (missing.length > 0) {
    const example = expected.example ? ` For example: "${expected.example}".` : '';
    fail(
      `${call} threw ${expected.name} as it should, but its message "${error.message}" does not mention ${missing.map((m) => `"${m}"`).join(' or ')}: name the argument and the value.${example}`,
    );
  }
}
