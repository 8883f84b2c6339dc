/**
 * The stylesheet of report.html, inlined: system fonts only, colours from variables that
 * follow the reader's light or dark preference, and a print layout that shows everything.
 */
export const STYLE = `
:root {
  color-scheme: light dark;
  --ink: #1d2129; --muted: #5b6472; --paper: #ffffff; --panel: #f4f6f9; --line: #d9dee6;
  --good: #1f8a4c; --warn: #c27c0e; --bad: #c8372d; --idle: #9aa3af; --ref: #6b7fa8; --code: #eef1f5;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    color-scheme: dark;
    --ink: #e6e9ee; --muted: #a0a8b5; --paper: #15181d; --panel: #1e232a; --line: #333a44;
    --good: #3fbf75; --warn: #e0a43a; --bad: #f0675c; --idle: #5e6673; --ref: #8ea2cc; --code: #242a33;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 6px; }
h4 { font-size: 0.95rem; margin: 0 0 4px; overflow-wrap: anywhere; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85rem; }
code { background: var(--code); padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: var(--code); padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
pre code { background: none; padding: 0; }
.muted { color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.score { display: flex; gap: 28px; align-items: baseline; flex-wrap: wrap; margin-top: 20px; padding: 16px 20px; background: var(--panel); border-radius: 8px; }
.score .total { font-size: 2.2rem; font-weight: 700; }
.score .part { color: var(--muted); }
.phases { display: grid; gap: 12px; }
.phase { background: var(--panel); border-radius: 8px; padding: 14px 16px; break-inside: avoid; }
.phase .counts { color: var(--muted); font-size: 0.85rem; margin: 0 0 8px; }
svg { display: block; width: 100%; height: auto; }
svg.ladder, svg.throughput, svg.timeline { max-width: 720px; }
svg text { fill: var(--ink); font: 13px system-ui, sans-serif; }
svg text.value, svg text.note { fill: var(--muted); }
svg .track { fill: var(--line); }
svg .good { fill: var(--good); } svg .warn { fill: var(--warn); } svg .bad { fill: var(--bad); } svg .idle { fill: var(--idle); }
svg .ref { fill: var(--ref); }
svg text.bad { fill: var(--bad); }
svg text.name { font-weight: 600; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 1px 8px; border-radius: 10px; color: #fff; background: var(--bad); vertical-align: middle; }
.badge.warn { background: var(--warn); } .badge.idle { background: var(--idle); } .badge.good { background: var(--good); }
details { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; padding: 0 14px; }
summary { cursor: pointer; padding: 10px 0; font-weight: 600; }
article.failure { border-top: 1px solid var(--line); padding: 12px 0; break-inside: avoid; }
article.failure .meta { color: var(--muted); font-size: 0.85rem; margin: 0 0 4px; }
.label { color: var(--muted); font-size: 0.8rem; margin: 8px 0 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; margin: 8px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td:first-child { min-width: 220px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.lost td:first-child { box-shadow: inset 3px 0 var(--bad); }
ul.plain { padding-left: 20px; }
@media print {
  :root { color-scheme: light; }
  body { font-size: 12px; }
  main { max-width: none; padding: 0; }
  details { border: none; padding: 0; }
  details::details-content { content-visibility: visible; display: contents; }
  summary { list-style: none; }
  pre { white-space: pre-wrap; }
  h2 { break-after: avoid; }
}
`;
