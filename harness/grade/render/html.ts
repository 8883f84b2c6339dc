/**
 * report.html: one self-contained page an interviewer can open offline, mail or print.
 * Inline CSS and inline SVG only: no script, no font, no image, nothing fetched, and a
 * Content-Security-Policy that would block any of it. Every string from the report is
 * escaped by the `html` template, since the candidate's code wrote many of them.
 */
import type { GradeReport, LostPoints, PhaseGrade } from '../report-types.ts';
import { formatDate, formatDuration, formatMachine, formatPoints, formatScore, phaseHeading, testCounts } from './format.ts';
import { ladderChart } from './html-charts.ts';
import { phaseFailures } from './html-failures.ts';
import { memorySection, performanceSection, sandboxSection, typeErrorSection } from './html-measures.ts';
import { STYLE } from './html-style.ts';
import { html, SafeHtml } from './html-template.ts';
import { lostPointsFor, lostSummary, performanceNote } from './lost.ts';

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderHtml(report: GradeReport): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Grade report · ${report.candidate}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
${header(report)}
<h2>Phases</h2>
<div class="phases">${report.phases.map(phaseCard)}</div>
<h2>Lost points</h2>
${lostPointsSummary(report)}
${report.phases.map(phaseFailures)}
${performanceSection(report.performance)}
${memorySection(report.memory)}
${sandboxSection(report.sandbox)}
${typeErrorSection(report)}
<h2>Rubric</h2>
<ul>${report.rubric.map((line) => html`<li>${line}</li>`)}</ul>
</main>
</body>
</html>
`.markup;
}

function header(report: GradeReport): SafeHtml {
  const { correctness, performance } = report.score;
  return html`<header>
<h1>Grade report: ${report.candidate}</h1>
<dl class="facts">
<dt>Target</dt><dd><code>${report.target}</code></dd>
<dt>Started</dt><dd>${formatDate(report.startedAt)}</dd>
<dt>Duration</dt><dd>${formatDuration(report.durationMs)}</dd>
<dt>Machine</dt><dd>${formatMachine(report.machine)}</dd>
<dt>Seed</dt><dd><code>${report.seed}</code></dd>
</dl>
<div class="score">
<span class="total">${formatScore(report.score)}</span>
<span class="part">correctness ${formatScore(correctness)}</span>
<span class="part">performance ${formatScore(performance)}${performanceNote(report)}</span>
</div>
</header>`;
}

function phaseCard(phase: PhaseGrade): SafeHtml {
  return html`<section class="phase">
<h3>${phaseHeading(phase)} <span class="muted">${formatScore(phase)}</span>${phase.hung ? html` <span class="badge warn">hung</span>` : ''}</h3>
<p class="counts">${testCounts(phase)}</p>
${ladderChart(phase)}
</section>`;
}

/** The account of every point not earned, before the failing tests of each phase. */
function lostPointsSummary(report: GradeReport): SafeHtml {
  const entries = lostPointsFor(report);
  const counted = entries.filter((entry) => entry.counted && entry.points > 0);
  const outside = entries.filter((entry) => !entry.counted);
  const rows = (list: readonly LostPoints[]) =>
    list.map((entry) => html`<tr><td>${entry.what}</td><td class="num">${formatPoints(entry.points)}</td><td>${entry.reason}</td></tr>`);
  const head = html`<thead><tr><th>Where</th><th class="num">Points</th><th>Why</th></tr></thead>`;
  return html`<p class="lost-summary">${lostSummary(report, entries)}</p>
${counted.length > 0 ? html`<table class="lost-points">${head}<tbody>${rows(counted)}</tbody></table>` : ''}
${outside.length > 0 ? html`<p class="muted">Not part of this score (outside its max):</p><table class="outside-points">${head}<tbody>${rows(outside)}</tbody></table>` : ''}`;
}
