import { describe, expect, it } from 'vitest';
import { escapeHtml, plainText } from '../../harness/grade/render/escape.ts';
import { shortTestName } from '../../harness/grade/render/format.ts';
import { renderHtml, renderJunit, renderMarkdown } from '../../harness/grade/render/index.ts';
import { outcomeOf } from '../../harness/grade/render/junit.ts';
import type { GradeReport, MemoryGrade, PerformanceGrade } from '../../harness/grade/report-types.ts';
import { HOSTILE_CANDIDATE, HOSTILE_TEST, sampleReport } from './grade-sample.ts';
import { parseXml } from './xml-check.ts';

const report = sampleReport();
const failures = report.phases.flatMap((phase) => phase.failures);
const markdown = renderMarkdown(report);
const page = renderHtml(report);
const junit = renderJunit(report);
/** Characters the sample's hostile message holds and no rendering may keep: NUL, BEL, VT, ESC, an override, a lone surrogate. */
const STRIPPED = [0, 7, 0x0b, 0x1b, 0x202e, 0xd800].map((code) => String.fromCharCode(code));

/** The lines of `text` outside fenced code blocks. */
function prose(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').filter((line) => {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || (marker.length >= fence.length && line.trim() === marker))) {
      fence = fence === undefined ? marker : undefined;
      return false;
    }
    return fence === undefined;
  });
}

/** Cells of a Markdown table row: split at pipes that no backslash escapes. */
function cellCount(row: string): number {
  let pipes = 0;
  for (let index = 0, escaped = false; index < row.length; index++) {
    if (row[index] === '|' && !escaped) pipes++;
    escaped = row[index] === '\\' && !escaped;
  }
  return pipes - 1;
}

/** Every real tag of a page whose text is escaped: [name, attributes]. */
function tags(html: string): [string, string][] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((found) => [found[1] ?? '', found[2] ?? '']);
}

describe('renderMarkdown', () => {
  it('gives every row of a table as many cells as its header', () => {
    const tables: string[][] = [];
    let previous = false;
    for (const line of prose(markdown)) {
      const row = line.startsWith('|');
      if (row && !previous) tables.push([]);
      if (row) tables.at(-1)?.push(line);
      previous = row;
    }
    expect(tables.length).toBeGreaterThanOrEqual(9);
    for (const rows of tables) expect(new Set(rows.map(cellCount)).size, rows.join('\n')).toBe(1);
  });

  it('lists every lost point with its kind, points, location and replay', () => {
    expect(markdown.match(/^#### \d+\. /gm)).toHaveLength(failures.length);
    for (const failure of failures.filter((each) => each.replay)) expect(markdown).toContain(`\`\`\`sh\n${failure.replay}\n\`\`\``);
    for (const label of ['assertion failed', 'deadlock', 'timed out', 'hung (stopped)', 'error thrown', 'not run']) {
      expect(markdown).toContain(`**${label}**`);
    }
    for (const failure of failures.filter((each) => each.location)) expect(markdown).toContain(`Test: \`${failure.location}\``);
  });

  it('fences a message longer than its backtick runs and trims it to 15 lines', () => {
    expect(markdown).toContain('````text\nAssertionError: expected false to be true');
    expect(markdown).toContain('… 30 more lines\n````');
  });

  it('leaves no tag of the candidate live outside code blocks', () => {
    const live = prose(markdown).filter((line) => /(?<!\\)<(?!br>)/.test(line));
    expect(live).toEqual([]);
    expect(markdown).toContain('# Grade report: \\<script\\>alert(1)\\</script\\> \\& "Bobby" \'Tables\'');
  });

  it('heads the report with the run and ends it with the rubric', () => {
    expect(markdown).toContain('| Started | 2025-03-14 09:26 UTC |');
    expect(markdown).toContain('| Duration | 3 min 7 s |');
    expect(markdown).toContain('| Seed | `20250314` |');
    expect(markdown).toContain('…and 5 more in report.json.');
    expect(markdown.trimEnd().split('\n').at(-1)).toBe(`- ${report.rubric.at(-1)}`);
  });
});

describe('renderHtml', () => {
  it('refers to nothing outside the page and carries a strict CSP', () => {
    for (const [name, attributes] of tags(page)) expect(attributes, `<${name}${attributes}>`).not.toMatch(/https?:|=\s*"\/\/|url\(/i);
    const css = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((found) => found[1]).join('');
    expect(css).not.toMatch(/url\(|@import|@font-face/);
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`,
    );
    expect(tags(page).map(([name]) => name)).not.toContain('script');
  });

  it('draws a ladder per phase and the throughput of target beside reference', () => {
    const ladders = [...page.matchAll(/<svg class="ladder"[\s\S]*?<\/svg>/g)].map((found) => found[0]);
    expect(ladders).toHaveLength(report.phases.length);
    ladders.forEach((svg, index) => {
      expect(svg.match(/<rect class="track"/g)).toHaveLength(report.phases[index]?.levels.length ?? -1);
    });
    expect(page.match(/<svg class="throughput"/g)).toHaveLength(1);
    expect(page).toContain('0.38× the reference');
    expect(page).toContain('could not run');
  });

  it("shows every failure's test, kind, message and replay", () => {
    const articles = page.split('<article class="failure">').slice(1);
    expect(articles).toHaveLength(failures.length);
    for (const failure of failures) {
      const article = articles.find((each) => each.includes(escapeHtml(shortTestName(failure))));
      expect(article, failure.test).toBeDefined();
      expect(article).toContain(escapeHtml(failure.message.split('\n')[0] || '(no message)'));
      expect(article).toContain(failure.kind === 'not-run' ? 'not run' : failure.kind === 'hang' ? 'hung' : '');
      if (failure.replay) expect(article).toContain(escapeHtml(failure.replay));
    }
  });

  it('opens the phases that lost points and lists tests that ran before tests that never ran', () => {
    const details = page.match(/<details class="phase-failures"( open)?>/g) ?? [];
    expect(details).toEqual([' open', ' open', '', ' open'].map((open) => `<details class="phase-failures"${open}>`));
    const phase2 = page.split('<details class="phase-failures"')[2] ?? '';
    const badges = [...phase2.matchAll(/<span class="badge \w+">([^<]+)<\/span>/g)].map((found) => found[1]);
    expect(badges).toEqual(['hung', 'deadlock', 'timed out', 'error thrown', 'hung (stopped)', 'not run', 'not run', 'not run']);
  });

  it('keeps hostile names and messages inert', () => {
    expect(page).toContain('Grade report: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bobby&quot; &#39;Tables&#39;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    for (const char of STRIPPED) expect(page).not.toContain(char);
  });
});

describe('renderJunit', () => {
  const root = parseXml(junit);

  it('is well-formed XML 1.0 though messages hold control characters', () => {
    expect(root.name).toBe('testsuites');
    expect(() => parseXml(renderJunit({ ...report, candidate: `a${String.fromCharCode(0)}b ]]> &x; <y>` }))).not.toThrow();
  });

  it("has one testsuite per phase whose counts are the phase's and match its test cases", () => {
    expect(root.children.map((suite) => suite.attributes.name)).toEqual(
      report.phases.map((phase) => `Phase ${phase.phase} · ${phase.title}`),
    );
    root.children.forEach((suite, index) => {
      const { passed, failed, timedOut, skipped } = report.phases[index]?.tests ?? { passed: 0, failed: 0, timedOut: 0, skipped: 0 };
      const cases = suite.children.filter((child) => child.name === 'testcase');
      const withChild = (name: string) => cases.filter((each) => each.children.some((child) => child.name === name)).length;
      expect(suite.attributes).toMatchObject({
        tests: `${passed + failed + timedOut + skipped}`,
        failures: `${failed}`,
        errors: `${timedOut}`,
        skipped: `${skipped}`,
      });
      expect([cases.length, withChild('failure'), withChild('error'), withChild('skipped')]).toEqual([
        passed + failed + timedOut + skipped,
        failed,
        timedOut,
        skipped,
      ]);
    });
  });

  it('names a test case by its level and suites, and its title', () => {
    const cases = root.children.flatMap((suite) => suite.children);
    const hostile = cases.find((each) => each.attributes.name?.startsWith('returns false | "full" <img'));
    expect(hostile?.attributes.classname).toBe('L1 sequential > BackpressureBuffer.offer()');
    expect(hostile?.children[0]?.text).toContain('Replay: npm run phase 4 -- --impl');
    for (const char of STRIPPED) expect(hostile?.children[0]?.text).not.toContain(char);
    expect(HOSTILE_TEST).toContain(hostile?.attributes.name);
  });

  it('reports assertions, deadlocks and errors as failures, timeouts and hangs as errors, tests not run as skipped', () => {
    const kinds = ['assertion', 'deadlock', 'error', 'timeout', 'hang', 'not-run'] as const;
    expect(kinds.map(outcomeOf)).toEqual(['failure', 'failure', 'failure', 'error', 'error', 'skipped']);
  });
});

describe('the escaping every renderer shares', () => {
  it('drops terminal colours, control characters and direction overrides, and escapes markup', () => {
    expect(plainText('\u001b[1m\u001b[31mred\u001b[39m\u001b[22m\u0000\u0007\r\n\u202edone\t!')).toBe('red\ndone\t!');
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('renders a clean run without a lost point', () => {
    const phases = report.phases.filter((phase) => phase.failures.length === 0);
    const earned = <T extends { points: number; max: number; error?: string; reference: unknown }>(list: readonly T[]) =>
      list.map(({ error: _error, ...entry }) => ({ ...entry, points: entry.max, target: entry.reference }));
    const performance = earned(report.performance) as PerformanceGrade[];
    const memory = earned(report.memory) as MemoryGrade[];
    const max = (list: readonly { max: number }[]) => list.reduce((sum, entry) => sum + entry.max, 0);
    const correctness = { points: max(phases), max: max(phases) };
    const measured = { points: max([...performance, ...memory]), max: max([...performance, ...memory]) };
    const clean: GradeReport = {
      ...report,
      candidate: HOSTILE_CANDIDATE,
      phases,
      performance,
      memory,
      score: { points: correctness.points + measured.points, max: correctness.max + measured.max, correctness, performance: measured },
      lostPoints: [],
    };
    expect(renderMarkdown(clean)).toContain('None: every test passed and every point was earned');
    expect(renderHtml(clean)).toContain('None: every test passed and every point was earned');
    expect(renderHtml(clean)).not.toContain('<article');
    // The sample itself lost points outside its tests (a crashed scenario, a leak): they are listed, never "None".
    expect(renderMarkdown({ ...clean, performance: report.performance, score: report.score, lostPoints: undefined })).not.toContain(
      'None: every test passed',
    );
  });
});
