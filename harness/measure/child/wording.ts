/**
 * How the child words what went wrong in a scenario, for the report: a wrong answer or the
 * harness's own verdict as it is, a refused import as the phase suites word it, a missing
 * piece of the kata as `NotImplementedError: ManagedBuffer.put`, anything else with its name,
 * its message and the line of the tree it came from. Nothing thrown can make this throw.
 */
import { IMPORT_REFUSED } from '../../sandbox/import-rule.ts';
import { WrongAnswer } from '../ledger.ts';

/** The harness's own verdict on a scenario (not run, stuck): its message says it all. */
export class HarnessVerdict extends Error {}

/** `NotImplementedError: ManagedBuffer.put`, `TypeError: x is not a function (at 01-basic-buffer/bounded-buffer.ts:40:11)`. */
export function describe(error: unknown, treeRoot: string): string {
  try {
    if (error instanceof WrongAnswer || error instanceof HarnessVerdict) return error.message;
    if (typeof error !== 'object' || error === null || !('message' in error)) return `a non-Error value was thrown: ${safeString(error)}`;
    const { name, message, member, stack } = error as { name?: unknown; message?: unknown; member?: unknown; stack?: unknown };
    // Word for word what the phase suites say of the same import.
    if (name === IMPORT_REFUSED && typeof message === 'string') return message;
    if (name === 'NotImplementedError' && typeof member === 'string') return `NotImplementedError: ${member}`;
    const frame = typeof stack === 'string' ? stack.split('\n').find((line) => line.includes(treeRoot)) : undefined;
    const where = frame ? ` (at ${frame.slice(frame.indexOf(treeRoot) + treeRoot.length + 1).replace(/\)$/, '')})` : '';
    return `${safeString(name ?? 'Error')}: ${safeString(message)}${where}`;
  } catch {
    return 'an error was thrown that could not even be described';
  }
}

/** `String(value)`, at most 500 characters, or a placeholder when even that throws. */
export function safeString(value: unknown): string {
  try {
    return String(value).slice(0, 500);
  } catch {
    return '(a value that cannot be shown)';
  }
}
