/**
 * What the parent and the measuring child say to each other: the payload the parent writes
 * on the child's stdin (./measure-tree.ts) and the lines the child writes on its report pipe
 * (./child/main.ts), read by ./measuring-child.ts.
 */
import type { ImportRule } from '../sandbox/import-rule.ts';
import type { Measurement } from './results.ts';

/** A line the child writes on its report pipe; each carries the run's token. */
export type ChildMessage =
  | { readonly type: 'start'; readonly scenario: string }
  | { readonly type: 'result'; readonly scenario: string; readonly result: Measurement }
  | { readonly type: 'error'; readonly scenario: string; readonly error: string }
  /** The code under test called process.exit(code). */
  | { readonly type: 'exit'; readonly code: string }
  /** The harness itself failed in the child. */
  | { readonly type: 'fatal'; readonly error: string }
  | { readonly type: 'done' };

/** Compiled modules by absolute path: CommonJS code, or why the file did not compile. */
export type CompiledModules = Record<string, { readonly code: string } | { readonly error: string }>;

/** What the parent sends the child on its stdin. */
export interface ChildPayload {
  /** Proves a report line came from the harness, not from the code under test. */
  readonly token: string;
  readonly treeRoot: string;
  /** The harness module the child runs (./child/main.ts). */
  readonly main: string;
  /** The harness folder: worker threads name their module by its path from there. */
  readonly harness: string;
  /** The module that exports `scenarioNamed`, for the names in `scenarios` (./catalogue.ts). */
  readonly catalog: string;
  readonly scenarios: readonly string[];
  /** Where each class the scenarios measure is, by export name: its file in the tree (from ../phases.ts). */
  readonly subjects: Readonly<Record<string, string>>;
  readonly quick: boolean;
  readonly modules: CompiledModules;
  /** What the tree's files may require (../sandbox/import-rule.ts): the same rule as the phase suites'. */
  readonly importRule: ImportRule;
}
