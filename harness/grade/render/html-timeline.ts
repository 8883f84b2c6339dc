/**
 * A failure message that holds a concurrent history (the table `formatHistory` prints under
 * `HISTORY_HEADING`: one column per actor, one row per call or return, time flowing down)
 * is drawn in report.html as a timeline too: one lane per actor, one bar per operation from
 * its call to its return, with the call at the top of the bar and what it returned at the
 * bottom. Inline SVG coloured by the page's stylesheet, like the charts (./html-charts.ts).
 * The table stays in the message: the drawing only adds to it.
 */
import { HISTORY_HEADING } from '../../engine/history.ts';
import { oneLine } from './format.ts';
import { html, type SafeHtml } from './html-template.ts';

export interface DrawnOperation {
  /** Index into `actors`. */
  readonly lane: number;
  readonly call: string;
  /** What it returned (without the arrow); undefined while it was still waiting. */
  readonly outcome?: string;
  /** Row of its call, from 0. */
  readonly from: number;
  /** Row of its return; undefined while it was still waiting. */
  readonly to?: number;
}

export interface ParsedHistory {
  readonly actors: readonly string[];
  readonly operations: readonly DrawnOperation[];
  /** Rows of the table below its header. */
  readonly rows: number;
}

const WAITING = '(still waiting)';

/** Every history table in `message`, in order; a table that does not parse is skipped. */
export function parseHistories(message: string): ParsedHistory[] {
  const lines = message.split('\n');
  const found: ParsedHistory[] = [];
  lines.forEach((line, index) => {
    if (!line.includes(HISTORY_HEADING)) return;
    const table: string[] = [];
    for (const row of lines.slice(index + 1)) {
      const trimmed = row.trim();
      if (!(trimmed.startsWith('|') && trimmed.endsWith('|') && trimmed.length >= 4)) break;
      table.push(trimmed);
    }
    const parsed = parseTable(table);
    if (parsed) found.push(parsed);
  });
  return found;
}

/** Cells of the rows, at the fixed offsets `formatHistory` pads them to (all cells are one width). */
function parseTable(table: readonly string[]): ParsedHistory | undefined {
  const [header, ...rest] = table;
  if (header === undefined) return undefined;
  // A message cut short (report.json keeps a bounded length) ends the table at its last whole row.
  const cut = rest.findIndex((line) => line.length !== header.length);
  const body = cut === -1 ? rest : rest.slice(0, cut);
  if (body.length === 0) return undefined;
  const actors = header
    .slice(1, -1)
    .split(' | ')
    .map((cell) => cell.trim());
  const count = actors.length;
  const width = (header.length - 4 - 3 * (count - 1)) / count;
  if (!Number.isInteger(width) || width < 1) return undefined;
  const cells = (row: string) => actors.map((_, i) => row.slice(2 + i * (width + 3), 2 + i * (width + 3) + width).trim());
  const open = new Map<number, { call: string; from: number }>();
  const operations: DrawnOperation[] = [];
  for (const [row, line] of body.entries()) {
    const lane = cells(line).findIndex((cell) => cell !== '');
    if (lane === -1) continue;
    const text = cells(line)[lane] as string;
    const started = open.get(lane);
    if (text.startsWith('→') || text === WAITING) {
      if (!started) continue;
      open.delete(lane);
      operations.push(
        text === WAITING
          ? { lane, call: started.call, from: started.from }
          : { lane, call: started.call, from: started.from, to: row, outcome: text.slice(1).trim() },
      );
    } else {
      if (started) operations.push({ lane, call: started.call, from: started.from });
      open.set(lane, { call: text, from: row });
    }
  }
  for (const [lane, started] of open) operations.push({ lane, call: started.call, from: started.from });
  return { actors, operations, rows: body.length };
}

const WIDTH = 680;
const TOP = 30;
const ROW = 20;

/** The timeline of one history. */
export function historyTimeline(history: ParsedHistory): SafeHtml {
  const lanes = Math.max(history.actors.length, 1);
  const lane = WIDTH / lanes;
  /** Characters that fit beside a bar at 13px (about 7px each). */
  const fits = Math.max(6, Math.floor((lane - 26) / 7));
  const y = (row: number) => TOP + row * ROW + ROW / 2;
  const bottom = TOP + history.rows * ROW;
  const names = history.actors.map(
    (actor, i) =>
      html`<text class="name" x="${(i * lane + 6).toFixed(1)}" y="16">${oneLine(actor, fits + 2)}</text>
<rect class="track" x="${(i * lane + 9).toFixed(1)}" y="${TOP - 4}" width="2" height="${bottom - TOP + 8}"/>`,
  );
  const bars = history.operations.map((op) => {
    const x = op.lane * lane + 6;
    const top = y(op.from) - 7;
    const end = op.to === undefined ? bottom : y(op.to) + 7;
    const failed = op.outcome !== undefined && /(Error|Exception)$/.test(op.outcome);
    const kind = op.to === undefined ? 'idle' : failed ? 'warn' : 'ref';
    const tip = `${history.actors[op.lane] ?? ''}: ${op.call} → ${op.outcome ?? 'still waiting'}`;
    return html`<g><title>${tip}</title>
<rect class="${kind}" x="${x.toFixed(1)}" y="${top}" width="8" height="${end - top}" rx="2"${op.to === undefined ? html` opacity="0.6"` : ''}/>
<text x="${(x + 14).toFixed(1)}" y="${y(op.from) + 4}">${oneLine(op.call, fits)}</text>
${
  op.to === undefined
    ? html`<text class="note" x="${(x + 14).toFixed(1)}" y="${bottom - 4}">${oneLine(WAITING, fits)}</text>`
    : html`<text class="value" x="${(x + 14).toFixed(1)}" y="${y(op.to) + 4}">${oneLine(`→ ${op.outcome ?? ''}`, fits)}</text>`
}</g>`;
  });
  const label = `Timeline of ${history.operations.length} operations, one lane per actor (${history.actors.join(', ')}), time flowing down`;
  return html`<svg class="timeline" viewBox="0 0 ${WIDTH} ${bottom + 8}" role="img" aria-label="${label}">
${names}
${bars}
</svg>`;
}

/** The timelines of every history in a failure message, or nothing when it holds none. */
export function messageTimelines(message: string): SafeHtml | '' {
  const histories = parseHistories(message);
  if (histories.length === 0) return '';
  return html`<p class="label">${histories.length === 1 ? 'The history, drawn' : 'The histories, drawn'}</p>${histories.map(historyTimeline)}`;
}
