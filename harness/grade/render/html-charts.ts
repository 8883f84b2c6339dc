/**
 * The charts of report.html, as inline SVG coloured by the page's stylesheet (so they follow
 * light and dark mode): a ladder per phase, and throughput of target beside reference.
 */
import type { PerformanceGrade, PhaseGrade } from '../report-types.ts';
import { formatPoints, formatRate, formatRatio, oneLine, phaseHeading } from './format.ts';
import { html, type SafeHtml } from './html-template.ts';

/** All of it: good; some: warn; none: bad; nothing to count: idle. */
export function shareClass(part: number, whole: number): 'good' | 'warn' | 'bad' | 'idle' {
  if (whole <= 0) return 'idle';
  if (part >= whole) return 'good';
  return part > 0 ? 'warn' : 'bad';
}

/** One bar per level: the share of its tests that passed, and the points it earned. */
export function ladderChart(phase: PhaseGrade): SafeHtml {
  const width = 680;
  const row = 26;
  const label = 262;
  const bar = 250;
  const rows = phase.levels.map((level, index) => {
    const filled = level.total === 0 ? 0 : (Math.min(level.passed, level.total) / level.total) * bar;
    const value = `${level.passed}/${level.total} · ${formatPoints(level.points)}/${formatPoints(level.max)} pts`;
    return html`<g transform="translate(0 ${index * row})">
<text x="0" y="17">${oneLine(level.name, 38)}</text>
<rect class="track" x="${label}" y="5" width="${bar}" height="16" rx="3"/>
<rect class="${shareClass(level.passed, level.total)}" x="${label}" y="5" width="${filled.toFixed(1)}" height="16" rx="3"/>
<text class="value" x="${label + bar + 10}" y="17">${value}</text>
</g>`;
  });
  const summary = phase.levels.map((level) => `${level.name}: ${level.passed} of ${level.total} passed`).join('; ');
  return html`<svg class="ladder" viewBox="0 0 ${width} ${Math.max(phase.levels.length, 1) * row + 4}" role="img" aria-label="${`${phaseHeading(phase)}. ${summary}`}">
${rows}
</svg>`;
}

/** Per scenario, the target's bar above the reference's, both scaled to the faster of the two. */
export function throughputChart(performance: readonly PerformanceGrade[]): SafeHtml {
  const width = 680;
  const group = 66;
  const label = 80;
  const bar = 440;
  const groups = performance.map((entry, index) => {
    const scale = Math.max(entry.target?.opsPerSec ?? 0, entry.reference.opsPerSec, 1);
    const length = (opsPerSec: number) => ((opsPerSec / scale) * bar).toFixed(1);
    const verdict = entry.target
      ? html`<text class="value" x="${width}" y="14" text-anchor="end">${formatRatio(entry.ratio)} the reference${entry.verdict === 'inconclusive' ? ' (inconclusive)' : ''} · ${formatPoints(entry.points)}/${formatPoints(entry.max)} pts</text>`
      : html`<text class="bad" x="${width}" y="14" text-anchor="end">could not run · ${formatPoints(entry.points)}/${formatPoints(entry.max)} pts</text>`;
    const target = entry.target
      ? html`<rect class="${shareClass(entry.points, entry.max)}" x="${label}" y="22" width="${length(entry.target.opsPerSec)}" height="14" rx="2"/>
<text class="value" x="${label + bar + 8}" y="33">${formatRate(entry.target.opsPerSec)} ops/s</text>`
      : html`<text class="bad" x="${label}" y="33">${oneLine(entry.error ?? 'no measurement', 80)}</text>`;
    return html`<g transform="translate(0 ${index * group})">
<text class="name" x="0" y="14">${oneLine(entry.scenario, 60)}</text>
${verdict}
<text class="note" x="0" y="33">target</text>
${target}
<text class="note" x="0" y="53">reference</text>
<rect class="ref" x="${label}" y="42" width="${length(entry.reference.opsPerSec)}" height="14" rx="2"/>
<text class="value" x="${label + bar + 8}" y="53">${formatRate(entry.reference.opsPerSec)} ops/s</text>
</g>`;
  });
  const summary = performance
    .map((entry) => `${entry.scenario}: ${entry.target ? `${formatRatio(entry.ratio)} the reference` : 'could not run'}`)
    .join('; ');
  return html`<svg class="throughput" viewBox="0 0 ${width} ${Math.max(performance.length, 1) * group}" role="img" aria-label="${`Throughput, target beside reference. ${summary}`}">
${groups}
</svg>`;
}
