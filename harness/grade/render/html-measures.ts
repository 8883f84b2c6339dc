/** The measured half of report.html: throughput and memory tables, the sandbox, the type check. */
import type { GradeReport, Leaks, MemoryGrade, PerformanceGrade, Throughput } from '../report-types.ts';
import { formatBytes, formatCount, formatRate, formatRatio, formatScore, formatSpread } from './format.ts';
import { throughputChart } from './html-charts.ts';
import { html, type SafeHtml } from './html-template.ts';

/** Type errors that report.html lists; the heading says how many there were. */
const TYPE_ERRORS_SHOWN = 20;

export function performanceSection(performance: readonly PerformanceGrade[]): SafeHtml {
  if (performance.length === 0) return html`<h2>Performance</h2><p class="muted">No scenario was measured.</p>`;
  const rows = performance.map(
    (entry) => html`<tr${entry.points < entry.max ? html` class="lost"` : ''}>
<td><strong>${entry.scenario}</strong><br><span class="muted">${entry.description}</span></td>
<td class="num">${entry.phase}</td>
<td class="num">${entry.target ? rate(entry.target) : 'did not run'}</td>
<td class="num">${rate(entry.reference)}</td>
<td class="num">${entry.target ? formatRatio(entry.ratio) : '–'}${entry.selfSpread ? html`<br><span class="muted">ref. vs itself ${formatSpread(entry.selfSpread)}</span>` : ''}</td>
<td class="num">${formatScore(entry)}${entry.verdict ? html`<br><span class="muted">${entry.verdict}</span>` : ''}</td>
<td>${entry.error ? html`<code>${entry.error}</code>` : ''}</td>
</tr>`,
  );
  return html`<h2>Performance</h2>
<p class="muted">Operations per second of the candidate’s code (target) and of the reference solution, measured in this run on the same machine. Under each ratio, the lowest and highest ratio between the reference’s two runs of a round (ref. vs itself): a ratio within that noise costs nothing (see the rubric). Under the points, the verdict.</p>
${throughputChart(performance)}
<table><thead><tr><th>Scenario</th><th class="num">Phase</th><th class="num">Target ops/s</th><th class="num">Reference ops/s</th><th class="num">Ratio</th><th class="num">Points</th><th>Error</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function rate(throughput: Throughput): SafeHtml {
  const latency =
    throughput.p50Us === undefined || throughput.p99Us === undefined
      ? ''
      : html`<br><span class="muted">p50 ${throughput.p50Us} µs · p99 ${throughput.p99Us} µs</span>`;
  return html`${formatRate(throughput.opsPerSec)}${latency}`;
}

export function memorySection(memory: readonly MemoryGrade[]): SafeHtml {
  if (memory.length === 0) return html`<h2>Memory</h2><p class="muted">No scenario was measured.</p>`;
  const pair = (entry: MemoryGrade, pick: (leaks: Leaks) => string) =>
    html`<td class="num">${entry.target ? pick(entry.target) : '–'}</td><td class="num muted">${pick(entry.reference)}</td>`;
  const rows = memory.map(
    (entry) => html`<tr${entry.points < entry.max ? html` class="lost"` : ''}>
<td><strong>${entry.scenario}</strong><br><span class="muted">${entry.description} (${formatCount(entry.operations)} operations)</span></td>
${pair(entry, (leaks) => formatBytes(leaks.heapGrowthBytes))}
${pair(entry, (leaks) => String(leaks.timersLeft))}
${pair(entry, (leaks) => String(leaks.listenersLeft))}
<td class="num">${formatScore(entry)}</td>
<td>${entry.error ? html`<code>${entry.error}</code>` : ''}</td>
</tr>`,
  );
  return html`<h2>Memory</h2>
<p class="muted">What stayed behind after each scenario: heap growth after a forced GC, timers still pending, listeners still attached. Target first, the reference beside it.</p>
<table><thead>
<tr><th rowspan="2">Scenario</th><th colspan="2">Heap growth</th><th colspan="2">Timers left</th><th colspan="2">Listeners left</th><th rowspan="2" class="num">Points</th><th rowspan="2">Error</th></tr>
<tr>${[1, 2, 3].map(() => html`<th class="num">target</th><th class="num">ref.</th>`)}</tr>
</thead><tbody>${rows}</tbody></table>`;
}

export function sandboxSection(sandbox: GradeReport['sandbox']): SafeHtml {
  const access =
    sandbox.fileAccess === 'enforced'
      ? 'confined to the graded tree by Node’s permission model'
      : html`<span class="badge warn">not confined</span> this Node has no permission model`;
  const imports =
    sandbox.outsideImports.length === 0
      ? html`<p>No import reaches outside the tree.</p>`
      : html`<p><span class="badge">${sandbox.outsideImports.length}</span> imports reach outside the tree; they were refused at run time.</p>
<table><thead><tr><th>File</th><th>Import</th></tr></thead><tbody>${sandbox.outsideImports.map(
          ({ file, specifier }) => html`<tr><td><code>${file}</code></td><td><code>${specifier}</code></td></tr>`,
        )}</tbody></table>`;
  return html`<h2>Sandbox</h2>
<dl class="facts">
<dt>Files copied</dt><dd>${sandbox.copiedFiles}</dd>
<dt>File access</dt><dd>${access}</dd>
<dt>Limits</dt><dd>${sandbox.memoryLimitMb} MB of memory, ${sandbox.timeLimitSec} s of time</dd>
</dl>
${imports}`;
}

export function typeErrorSection(report: Pick<GradeReport, 'typeErrors' | 'testTypeErrors' | 'typeCheck'>): SafeHtml {
  const { typeErrors } = report;
  const testErrors = report.testTypeErrors ?? [];
  const status =
    report.typeCheck === 'skipped'
      ? html`<p>Not checked: the grade ran with <code>--skip-type-check</code>.</p>`
      : report.typeCheck === 'timed-out'
        ? html`<p><code>tsc</code> ran out of time; what it found before that is listed.</p>`
        : report.typeCheck === 'failed'
          ? html`<p><code>tsc</code> could not run, so the types were not checked.</p>`
          : '';
  const clean = report.typeCheck === undefined || report.typeCheck === 'ran';
  if (typeErrors.length === 0 && testErrors.length === 0) {
    return html`<h2>Type errors</h2>${status}${
      clean ? html`<p>None: <code>tsc</code> accepts the tree, and the kata’s tests type-check against its types.</p>` : ''
    }`;
  }
  const own =
    typeErrors.length > 0
      ? html`<h3>In the tree (${typeErrors.length})</h3>${errorList(typeErrors)}`
      : clean
        ? html`<p><code>tsc</code> accepts the tree’s own files.</p>`
        : '';
  const tests =
    testErrors.length > 0
      ? html`<h3>In the kata’s tests (${testErrors.length})</h3>
<p>The kata’s tests do not type-check against your types, which costs nothing. Either your types depart from the contract (docs/contract.md), or the tests’ typings are narrower than the contract allows, which is the kata’s to fix.</p>
${errorList(testErrors)}`
      : '';
  return html`<h2>Type errors (${typeErrors.length + testErrors.length})</h2>
${status}
<p class="muted">Reported, not scored: the tests decide the points.</p>
${own}
${tests}`;
}

function errorList(errors: readonly string[]): SafeHtml {
  const more = errors.length - TYPE_ERRORS_SHOWN;
  return html`<pre>${errors.slice(0, TYPE_ERRORS_SHOWN).join('\n')}</pre>
${more > 0 ? html`<p class="muted">…and ${more} more in report.json.</p>` : ''}`;
}
