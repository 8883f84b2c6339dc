/**
 * The harness's layers, stated once, from the bottom up. Imports point down: a file may
 * import its own layer and any layer of a lower rank, never a layer above its own. Layers
 * that share a rank are peers and may not import each other either: what two peers both
 * need belongs in a layer below them. Only a developer tool may import from `tests/`; the
 * rest is the runtime that learners and interviewers run. Files directly in harness/ are
 * the bottom layer (folder ''); a subfolder belongs to its top folder's layer.
 *
 * `tests/selftest/layers.test.ts` holds every file of harness/ to this list, so a new folder
 * must be placed in it (at a rank above everything it imports and below everything that
 * imports it) before its first file lands.
 */

export interface Layer {
  /** The folder directly under harness/, or '' for the files directly in harness/. */
  readonly folder: string;
  /** What the layer is, in one line. */
  readonly is: string;
  /** A developer tool, not part of the runtime: it alone may import from `tests/`. */
  readonly developerTool?: true;
}

/** Ranks from the bottom; each rank is one layer or several peers. */
export const LAYERS: readonly (readonly Layer[])[] = [
  [{ folder: '', is: 'shared vocabulary: the kata root, the phase registry, levels, the target tree, usage errors, terminal style' }],
  [{ folder: 'integrity', is: "the kata's own files as committed: their manifest, and the check that refuses to run on a changed kata" }],
  [{ folder: 'testing', is: 'what a suite calls inside a test: seeds, failures, property runs, complexity and memory probes' }],
  [{ folder: 'engine', is: 'verdicts inside a test process: ledger, history, linearizability, quiescence, scenarios, worker threads' }],
  // Peers: the last of the test-side stack, and the first of the host side; neither needs the other.
  [
    { folder: 'schedule', is: "L5's adversarial schedules, played out by fast-check's scheduler" },
    { folder: 'sandbox', is: 'confining untrusted code: the copy of a tree, the import rule, permission flags, the child environment' },
  ],
  // Peers: the two ways a tree runs in a child; what both need (spawning, confinement) is sandbox/'s.
  [
    { folder: 'runner', is: 'running suites: Vitest in a watched child process, its events, the hang watchdog' },
    { folder: 'measure', is: 'measuring a tree: throughput and memory scenarios in a watched child process' },
  ],
  [{ folder: 'locate', is: "where a failure is and how to get back to it: the file to open, the test's line, the replay command" }],
  // Peers: two verdicts built on measure/; what both need lives below them.
  [
    { folder: 'grade', is: 'npm run grade: the rubric, the evidence behind lost points, the reports (JSON, Markdown, HTML, JUnit)' },
    { folder: 'bench', is: 'npm run bench: contenders, peers, ceilings, the table and the chart' },
  ],
  [{ folder: 'cli', is: 'the commands: read the flags, call the layers below, print' }],
  [{ folder: 'selftest', is: 'developer tools: npm test, its fixtures and variants, npm run check:report-html', developerTool: true }],
];

/** Folders of data, not code, and the layer that reads them. */
export const DATA_FOLDERS: Readonly<Record<string, string>> = { hints: 'cli' };
