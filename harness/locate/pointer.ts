/**
 * Where to look for a failure: the file, line and member of the tree under test. The stack
 * says it when the failure was thrown inside the tree (a stub's NotImplementedError, a
 * crash); otherwise the test's name does, since suites are named after the member they
 * cover (`BoundedBuffer.offer()`), and the phase registry knows the file of each class.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { findPhase, type Phase } from '../phases.ts';
import type { TestOutcome } from '../runner/run-suites.ts';

export interface Pointer {
  /** Absolute path of the file to open. */
  readonly file: string;
  readonly line?: number;
  /** `BoundedBuffer.offer`, `the BoundedBuffer constructor`, or just the class. */
  readonly member?: string;
}

const FRAME = /at (?:(.+?) \()?(?:file:\/\/)?(\/[^():]+):(\d+):\d+\)?$/;

export function pointerFor(outcome: TestOutcome, targetRoot: string): Pointer | undefined {
  const pointer = fromStack(outcome, targetRoot) ?? fromTestName(outcome, targetRoot);
  // A hung test has no stack: its suite names the class, not the member that looped.
  return outcome.state === 'hung' && pointer ? { file: pointer.file } : pointer;
}

function fromStack(outcome: TestOutcome, targetRoot: string): Pointer | undefined {
  const root = targetRoot.endsWith(sep) ? targetRoot : targetRoot + sep;
  for (const error of outcome.errors) {
    for (const line of error.stack.split('\n')) {
      const match = FRAME.exec(line.trim());
      if (!match?.[2]?.startsWith(root)) continue;
      return { file: match[2], line: Number(match[3]), member: cleanFunctionName(match[1], classOfFile(outcome, match[2], targetRoot)) };
    }
  }
  return undefined;
}

/** The class the registry files under `file`, when exactly one is. */
function classOfFile(outcome: TestOutcome, file: string, targetRoot: string): string | undefined {
  const phase = findPhase(outcome.phase);
  const classes = Object.entries(phase?.files ?? {}).filter(([, name]) => phase && join(targetRoot, phase.folder, name) === file);
  return classes.length === 1 ? classes[0]?.[0] : undefined;
}

function cleanFunctionName(name: string | undefined, className: string | undefined): string | undefined {
  if (!name) return undefined;
  // V8 names a static method `Function.create`; the class is the file's.
  const cleaned = name
    .replace(/ \[as .*\]$/, '')
    .replace(/^(get|set) /, '')
    .replace(/^Function\./, className ? `${className}.` : '');
  return cleaned.startsWith('new ') ? `the ${cleaned.slice(4)} constructor` : cleaned.replace(/^(\w+)\.(get|set) /, '$1.');
}

function fromTestName(outcome: TestOutcome, targetRoot: string): Pointer | undefined {
  const phase = findPhase(outcome.phase);
  if (!phase) return undefined;
  const [, suite = ''] = outcome.test.split(' > ');
  const match = /^(\w+)(?:\.(\w+)\(?\)?| constructor|\[Symbol\.(\w+)\])?/.exec(suite);
  const className = match?.[1];
  const file = className ? fileOf(phase, className, targetRoot) : undefined;
  if (!file || !className) return undefined;
  const method = match?.[2] ?? (suite.endsWith(' constructor') ? 'constructor' : match?.[3] ? `[Symbol.${match[3]}]` : undefined);
  const member = method === 'constructor' ? `the ${className} constructor` : method ? `${className}.${method}` : className;
  return { file, line: method ? lineOf(file, method) : undefined, member };
}

function fileOf(phase: Phase, className: string, targetRoot: string): string | undefined {
  const name = phase.files[className];
  return name ? join(targetRoot, phase.folder, name) : undefined;
}

/** The line where `method` is defined in `file`, if it can be found. */
function lineOf(file: string, method: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const escaped = method.replace(/[[\].]/g, '\\$&');
  const definition = new RegExp(`^\\s*(?:(?:static|async|get|set|public)\\s+)*\\*?\\s*${escaped}\\s*[(<]`);
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((line) => definition.test(line));
  return index === -1 ? undefined : index + 1;
}

/** A path to show: relative to `from` when inside it, absolute otherwise. */
export function displayPath(file: string, from: string): string {
  const shown = relative(from, file);
  return shown.startsWith('..') ? file : shown;
}
