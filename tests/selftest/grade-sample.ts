/**
 * A realistic grade report for the renderers' tests and for looking at report.html: four
 * phases, a failure of every kind (a hang that stopped its phase, tests that never ran, a
 * file that could not load), a scenario the candidate's code could not run, a leak, and
 * strings a hostile candidate could plant in names and messages.
 */

import type {
  FailureEvidence,
  GradeReport,
  Leaks,
  LevelGrade,
  MemoryGrade,
  PerformanceGrade,
  PhaseGrade,
  Score,
  Throughput,
} from '../../harness/grade/report-types.ts';
import { levelName } from '../../harness/levels.ts';
import { replayCommand } from '../../harness/locate/replay.ts';
import type { Phase } from '../../harness/phases.ts';

export const HOSTILE_CANDIDATE = `<script>alert(1)</script> & "Bobby" 'Tables'`;
export const HOSTILE_TARGET = '/tmp/candidates/evil|name`x`/';
export const HOSTILE_TEST = `${levelName(1)} > BackpressureBuffer.offer() > returns false | "full" <img src=x onerror=alert(1)>`;

const ESC = String.fromCharCode(0x1b);
const CONTROL = `${String.fromCharCode(0)}${String.fromCharCode(7)}${String.fromCharCode(0x0b)}`;

export const HOSTILE_MESSAGE = [
  `AssertionError: expected ${ESC}[31mfalse${ESC}[39m to be true // Object.is equality${CONTROL}`,
  '</pre><script>alert(1)</script> ]]> <![CDATA[ x ]]>',
  '```',
  'fetch("https://evil.example/beacon.png"); background: url(https://evil.example/x); src=//evil.example/y',
  `right-to-left override: \u202Eelif.exe, a lone surrogate: \uD800, a pipe | and a backslash \\`,
  ...Array.from({ length: 40 }, (_, index) => `    at frame ${index} (/tmp/candidates/evil/backpressure-buffer.ts:${index + 10}:5)`),
].join('\n');

interface PhasePlan {
  readonly phase: number;
  readonly title: string;
  /** The number of tests of each level, from L1 up. */
  readonly levels: readonly number[];
  readonly failures: readonly Omit<FailureEvidence, 'lost'>[];
  readonly problems?: readonly string[];
  readonly hung?: boolean;
}

const LEVEL_MAX = 5;

function phaseGrade(plan: PhasePlan): PhaseGrade {
  const levels: LevelGrade[] = plan.levels.map((total, index) => {
    const passed = total - plan.failures.filter((failure) => failure.level === index + 1).length;
    return { level: index + 1, name: levelName(index + 1), passed, total, points: (LEVEL_MAX * passed) / total, max: LEVEL_MAX };
  });
  const failures = plan.failures.map((failure) => ({ ...failure, lost: LEVEL_MAX / (plan.levels[failure.level - 1] ?? 1) }));
  const count = (...kinds: FailureEvidence['kind'][]) => failures.filter((failure) => kinds.includes(failure.kind)).length;
  const passedTests = levels.flatMap(({ level, passed }) =>
    Array.from({ length: passed }, (_, index) => `${levelName(level)} > Phase ${plan.phase} suite > behaves well, case ${index + 1}`),
  );
  return {
    phase: plan.phase,
    title: plan.title,
    points: levels.reduce((sum, level) => sum + level.points, 0),
    max: levels.reduce((sum, level) => sum + level.max, 0),
    hung: plan.hung ?? false,
    tests: {
      passed: passedTests.length,
      failed: count('assertion', 'deadlock', 'error'),
      timedOut: count('timeout', 'hang'),
      skipped: count('not-run'),
    },
    levels,
    failures,
    passedTests,
    problems: plan.problems ?? [],
  };
}

/** A failure of `phase` at `level`: a test that ran has a location and a replay command (with the run's seed when it drew none). */
function failure(phase: number, level: number, kind: FailureEvidence['kind'], path: string, message: string, seed?: number) {
  const test = path.startsWith(levelName(level)) ? path : `${levelName(level)} > ${path}`;
  if (kind === 'not-run') return { test, level, kind, message };
  const target = { root: HOSTILE_TARGET, kind: 'impl', label: HOSTILE_TARGET, flags: ['--impl', HOSTILE_TARGET] } as const;
  const replay = replayCommand({ number: phase } as Phase, target, seed ?? 20250314, { level, test });
  return { test, level, kind, message, seed, replay, location: `tests/phase-${phase}/l${level}.test.ts:${10 + path.length}` };
}

const PLANS: readonly PhasePlan[] = [
  {
    phase: 1,
    title: 'Basic ring buffer',
    levels: [14, 7, 5, 3],
    failures: [
      failure(
        1,
        2,
        'assertion',
        'BoundedBuffer > keeps FIFO order across the wrap-around',
        'AssertionError: expected [ 3, 4, 1, 2 ] to deeply equal [ 1, 2, 3, 4 ]\n- Expected\n+ Received',
        1731,
      ),
    ],
  },
  {
    phase: 2,
    title: 'Thread safety',
    hung: true,
    levels: [20, 8, 7, 5, 4, 2],
    failures: [
      failure(
        2,
        3,
        'deadlock',
        'BlockingBuffer > wakes one waiting consumer per put',
        'DeadlockError: every task is waiting and no timer is pending\n  consumer c2 waits in take()\n  producer p1 waits in put()',
        88,
      ),
      failure(2, 4, 'timeout', 'SemaphoreBuffer > survives 10,000 mixed operations', 'Error: Test timed out in 5000ms.', 4242),
      failure(
        2,
        4,
        'error',
        'SemaphoreBuffer > releases the permit when a take is aborted',
        "TypeError: Cannot read properties of undefined (reading 'release')\n    at SemaphoreBuffer.take (semaphore-buffer.ts:61:18)",
      ),
      failure(
        2,
        5,
        'hang',
        'Condition > a signal before the wait is not lost',
        'This test kept the process busy for over 10 s without returning, so it was stopped.',
        7,
      ),
      failure(2, 5, 'not-run', 'Condition > signalAll wakes every waiter', 'not run: an earlier test hung'),
      failure(2, 6, 'not-run', 'SharedBoundedBuffer > hands items between workers', 'not run: an earlier test hung'),
      failure(2, 6, 'not-run', 'SharedBoundedBuffer > close wakes a worker blocked in take', ''),
    ],
    problems: ['The run stopped after a test hung; 3 tests did not run.'],
  },
  { phase: 3, title: 'Strategies and shutdown', levels: [18, 6, 5, 4, 3], failures: [] },
  {
    phase: 4,
    title: 'Backpressure and work stealing',
    levels: [17, 6, 2],
    failures: [
      failure(4, 1, 'assertion', HOSTILE_TEST, HOSTILE_MESSAGE, 99),
      failure(4, 1, 'assertion', 'TokenBucket > starts full', 'AssertionError: expected 0 to be 5'),
      failure(4, 3, 'not-run', 'WorkStealingPool > steals half of the oldest tasks', 'not run: its file could not be loaded'),
      failure(4, 3, 'not-run', 'WorkStealingPool > records a throwing task', 'not run: its file could not be loaded'),
    ],
    problems: [
      "tests/phase-4/l3.test.ts could not be loaded, so none of its tests ran:\nSyntaxError: Unexpected token '<' in work-stealing.ts <img src=x onerror=alert(2)>",
    ],
  },
];

function scenario(
  name: string,
  phase: number,
  description: string,
  target: Throughput | null,
  reference: Throughput,
  points: number,
  error?: string,
): PerformanceGrade {
  return {
    scenario: name,
    phase,
    description,
    target,
    reference,
    ratio: target ? target.opsPerSec / reference.opsPerSec : 0,
    points,
    max: 5,
    ...(error ? { error } : {}),
  };
}

const leaks = (heapGrowthBytes: number, timersLeft = 0, listenersLeft = 0): Leaks => ({ heapGrowthBytes, timersLeft, listenersLeft });

const PERFORMANCE: readonly PerformanceGrade[] = [
  scenario('spsc-throughput', 1, 'one producer, one consumer, capacity 1024', { opsPerSec: 1_830_000 }, { opsPerSec: 2_140_000 }, 5),
  scenario(
    'mpmc-contention',
    2,
    '8 producers, 8 consumers, capacity 16',
    null,
    { opsPerSec: 412_000 },
    0,
    'TypeError: buffer.put is not a function\n    at producer (scenario.ts:14:20) | <b>bold</b>',
  ),
  scenario(
    'handoff-latency',
    2,
    'put to take hand-off, one waiting consumer',
    { opsPerSec: 96_300, p50Us: 9, p99Us: 212 },
    { opsPerSec: 251_000, p50Us: 3, p99Us: 31 },
    1.5,
  ),
  scenario('drop-oldest-burst', 4, 'a burst 10× the capacity, drop-oldest', { opsPerSec: 212_000 }, { opsPerSec: 190_000 }, 3),
];

const MEMORY: readonly MemoryGrade[] = [
  {
    scenario: 'timed-take-churn',
    description: 'take with a timeout that expires, repeated',
    operations: 100_000,
    target: leaks(6_502_400, 120, 1),
    reference: leaks(12_288),
    points: 0,
    max: 5,
  },
  {
    scenario: 'abort-storm',
    description: 'takes aborted by their signals',
    operations: 50_000,
    target: leaks(-2048),
    reference: leaks(4096),
    points: 5,
    max: 5,
  },
  {
    scenario: 'pool-shutdown',
    description: 'a pool started and closed',
    operations: 1_000,
    target: null,
    reference: leaks(8192),
    points: 0,
    max: 5,
    error: 'WorkStealingPool is not exported',
  },
];

export function sampleReport(): GradeReport {
  const phases = PLANS.map(phaseGrade);
  const total = (scores: readonly Score[]) => ({
    points: scores.reduce((sum, each) => sum + each.points, 0),
    max: scores.reduce((sum, each) => sum + each.max, 0),
  });
  const correctness = total(phases);
  const performance = total([...PERFORMANCE, ...MEMORY]);
  return {
    schemaVersion: 1,
    target: HOSTILE_TARGET,
    candidate: HOSTILE_CANDIDATE,
    startedAt: '2025-03-14T09:26:53.589Z',
    durationMs: 187_420,
    seed: 20250314,
    machine: { node: 'v20.20.2', platform: 'linux x64', cpus: 8, cpuModel: 'AMD EPYC 7B13' },
    score: { ...total([correctness, performance]), correctness, performance },
    rubric: [
      'Correctness: 5 points per level, shared equally among its tests.',
      'Performance: 5 points per scenario, full at 0.8× the reference or better, none below 0.25×.',
      'Memory: 5 points per scenario, lost when heap, timers or listeners stay behind.',
    ],
    phases,
    performance: PERFORMANCE,
    memory: MEMORY,
    sandbox: {
      copiedFiles: 23,
      outsideImports: [
        { file: 'backpressure-buffer.ts', specifier: '../../../../etc/passwd' },
        { file: 'work-stealing.ts', specifier: 'https://evil.example/payload.js' },
      ],
      fileAccess: 'enforced',
      memoryLimitMb: 1024,
      timeLimitSec: 900,
    },
    typeErrors: Array.from(
      { length: 25 },
      (_, index) =>
        `phases/02-thread-safety/blocking-buffer.ts(${index + 3},7): error TS2322: Type 'Promise<number>' is not assignable to type 'number'.`,
    ),
  };
}
