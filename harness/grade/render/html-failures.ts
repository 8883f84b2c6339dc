/**
 * Where every lost point went, in report.html: a `<details>` per phase, open when the phase
 * lost points, holding the failures (tests that ran first, then tests that never ran), the
 * phase's problems, and the passing tests when the report names them. A failure whose
 * message holds a concurrent history gets it drawn as a timeline (./html-timeline.ts).
 */
import { levelName } from '../../levels.ts';
import type { FailureEvidence, PhaseGrade } from '../report-types.ts';
import {
  failuresFirst,
  firstLines,
  formatLost,
  formatScore,
  kindLabel,
  phaseHeading,
  plural,
  shortTestName,
  testCounts,
} from './format.ts';
import { html, type SafeHtml } from './html-template.ts';
import { messageTimelines } from './html-timeline.ts';

/** Lines of a failure message that report.html shows; report.json has them all. */
const MESSAGE_LINES = 40;

const KIND_BADGE: Readonly<Record<FailureEvidence['kind'], string>> = {
  assertion: 'bad',
  deadlock: 'bad',
  error: 'bad',
  timeout: 'warn',
  hang: 'warn',
  'not-run': 'idle',
};

export function phaseFailures(phase: PhaseGrade): SafeHtml {
  const lost = phase.failures.reduce((sum, failure) => sum + failure.lost, 0);
  const open = phase.failures.length > 0 || phase.problems.length > 0;
  const summary =
    phase.failures.length === 0 ? 'no test failed' : `${plural(phase.failures.length, 'failing test')}, ${formatLost(lost)} lost`;
  return html`<details class="phase-failures"${open ? html` open` : ''}>
<summary>${phaseHeading(phase)}: ${formatScore(phase)} · ${summary}${phase.hung ? html` <span class="badge warn">hung</span>` : ''}</summary>
<p class="muted">${testCounts(phase)}.</p>
${failuresFirst(phase.failures).map(failureArticle)}
${problems(phase.problems)}
${passing(phase.passedTests)}
</details>`;
}

function failureArticle(failure: FailureEvidence): SafeHtml {
  const badge = KIND_BADGE[failure.kind] ?? 'bad';
  return html`<article class="failure">
<h4><span class="badge ${badge}">${kindLabel(failure.kind)}</span> ${shortTestName(failure)}</h4>
<p class="meta">${levelName(failure.level)} · lost ${formatLost(failure.lost)}${
    failure.seed === undefined ? '' : html` · seed <code>${failure.seed}</code>`
  }${failure.location ? html` · <code>${failure.location}</code>` : ''}</p>
<pre class="message">${firstLines(failure.message || '(no message)', MESSAGE_LINES)}</pre>
${messageTimelines(failure.message)}
${failure.replay ? html`<p class="label">Replay</p><pre class="replay"><code>${failure.replay}</code></pre>` : ''}
</article>`;
}

function problems(list: readonly string[]): SafeHtml | '' {
  if (list.length === 0) return '';
  return html`<h3>Problems outside any one test</h3>${list.map((problem) => html`<pre>${firstLines(problem, MESSAGE_LINES)}</pre>`)}`;
}

function passing(names: readonly string[] | undefined): SafeHtml | '' {
  if (!names || names.length === 0) return '';
  return html`<details class="passing"><summary>${plural(names.length, 'passing test')}</summary>
<ul class="plain">${names.map((name) => html`<li>${name.split(' > ').join(' › ')}</li>`)}</ul>
</details>`;
}
