import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planGroups } from '../../harness/bench/plan.ts';
import type { BenchResults } from '../../harness/bench/results.ts';
import type { Row } from '../../harness/bench/summary.ts';
import { judge } from '../../harness/bench/targets.ts';
import { cli } from './support.ts';

const out = mkdtempSync(join(tmpdir(), 'kata-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const row = (scenario: string, kind: Row['kind'], median: number): Row => {
  const [contender = '', workload = ''] = scenario.split('@');
  return { scenario, contender, label: contender, workload, kind, side: 'target', rounds: 1, median, min: median, max: median };
};

describe('npm run bench', () => {
  it('measures one scenario, prints its table and writes the results file and the chart', () => {
    const result = cli(['bench', '--solution', '--quick', '--rounds', '1', '--only', 'ceiling-sync', '--out', out]);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('ceiling: synchronous ring, no promises');
    const files = readdirSync(out);
    const json = files.find((file) => file.endsWith('.json'));
    expect(files).toContain('latest.svg');
    expect(readFileSync(join(out, 'latest.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const results = JSON.parse(readFileSync(join(out, json as string), 'utf8')) as BenchResults;
    expect(results).toMatchObject({ schemaVersion: 1, quick: true, rounds: 1, only: 'ceiling-sync', machine: { node: process.version } });
    expect(results.rows).toEqual([expect.objectContaining({ scenario: 'ceiling-sync@eager-1x1-c1024', median: expect.any(Number) })]);
    expect(results.peers.map((peer) => peer.id)).toContain('async-channel');
  });

  it('measures a class of the reference, across threads too, and weighs its leaks: the reference runs every kind of scenario', () => {
    const shared = join(out, 'shared');
    const result = cli(['bench', '--solution', '--quick', '--rounds', '1', '--only', 'shared@', '--out', shared]);

    expect(result.code, result.stderr).toBe(0);
    const json = readdirSync(shared).find((file) => file.endsWith('.json'));
    const results = JSON.parse(readFileSync(join(shared, json as string), 'utf8')) as BenchResults;
    expect(results.rows).toEqual([expect.objectContaining({ scenario: 'shared@threads-1x1-c1024', median: expect.any(Number) })]);
    expect(results.leaks).toEqual([expect.objectContaining({ scenario: 'shared@leaks', heapGrowthBytes: expect.any(Number) })]);
  });

  it('refuses unknown flags and a filter that matches nothing, and explains its flags', () => {
    expect(cli(['bench', '--fast']).code).toBe(1);
    const nothing = cli(['bench', '--only', 'no-such-scenario']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('no bench scenario');
    const help = cli(['bench', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--impl');
    expect(existsSync(out)).toBe(true);
  });
});

describe('the bench plan and its targets', () => {
  it('runs the kata buffers on both trees, peers and ceilings once, and each contender in a child of its own', () => {
    const groups = planGroups({ sameTree: false, only: '@1x1-c1024' });
    const ids = groups.map((group) => `${group.id}/${group.side}`);

    expect(ids).toEqual(
      expect.arrayContaining(['managed-fifo/reference', 'managed-fifo/target', 'async-channel/reference', 'ceiling-await/reference']),
    );
    expect(ids).not.toContain('async-channel/target');
    expect(groups.every((group) => group.scenarios.every((name) => name.startsWith(`${group.id}@`)))).toBe(true);
  });

  it('judges ratios from one run: a target that misses says by how much', () => {
    const rows = [
      row('managed-fifo@1x1-c1024', 'kata', 9e6),
      row('async-channel@1x1-c1024', 'peer', 6e6),
      row('ceiling-await@1x1-c1024', 'ceiling', 10e6),
      row('shared@threads-1x1-c1024', 'kata', 4e6),
      row('post-message@threads-1x1-c1024', 'peer', 5e5),
    ];
    const verdicts = judge(rows, [
      {
        scenario: 'managed-fifo@leaks',
        label: 'ManagedBuffer',
        side: 'target',
        operations: 1e6,
        heapGrowthBytes: 2e6,
        timersLeft: 0,
        listenersLeft: 3,
      },
    ]);

    expect(verdicts.map((verdict) => [verdict.measured, verdict.holds])).toEqual([
      [1.5, true],
      [0.9, true],
      [8, false],
      [2e6, false],
    ]);
    expect(verdicts[3]?.detail).toContain('3 abort listeners left');
  });
});
