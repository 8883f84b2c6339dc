/**
 * The results as one self-contained SVG: a panel per workload with a horizontal bar per
 * contender, fastest first, each panel scaled to its own fastest figure (the workloads'
 * speeds differ by orders of magnitude). Colours tell the kata's buffers, the reference's
 * (when the target is another tree), the peers and the ceilings apart.
 */
import { rate } from './format.ts';
import type { Row } from './summary.ts';
import { WORKLOADS } from './workload-specs.ts';

const WIDTH = 960;
const LABEL = 330;
const BAR_ROOM = WIDTH - LABEL - 110;
const ROW = 17;
const TITLE = 24;
const GAP = 14;

const COLOURS = { target: '#2563eb', reference: '#93c5fd', peer: '#f59e0b', ceiling: '#9ca3af' } as const;

export function chartSvg(rows: readonly Row[], heading: string, subheading: string): string {
  const parts: string[] = [];
  let y = 64;
  for (const workload of WORKLOADS) {
    const block = rows.filter((row) => row.workload === workload.id).sort((a, b) => (b.median ?? -1) - (a.median ?? -1));
    if (block.length === 0) continue;
    const top = Math.max(...block.map((row) => row.median ?? 0), 1);
    parts.push(text(12, y + 16, `${workload.label}`, 'font-weight="bold"'));
    y += TITLE;
    for (const row of block) {
      parts.push(text(12, y + 12, row.label + (row.kind === 'kata' && row.side === 'reference' ? ' (reference)' : ''), 'fill="#374151"'));
      if (row.median === undefined) {
        parts.push(text(LABEL, y + 12, `error: ${row.error ?? 'not measured'}`.slice(0, 90), 'fill="#dc2626"'));
      } else {
        const width = Math.max(1, Math.round((row.median / top) * BAR_ROOM));
        parts.push(`<rect x="${LABEL}" y="${y + 2}" width="${width}" height="${ROW - 4}" fill="${colour(row)}"/>`);
        parts.push(text(LABEL + width + 6, y + 12, `${rate(row.median)}/s`, 'fill="#111827"'));
      }
      y += ROW;
    }
    y += GAP;
  }
  const legend = Object.entries({
    'kata (target)': COLOURS.target,
    'kata (reference)': COLOURS.reference,
    peer: COLOURS.peer,
    ceiling: COLOURS.ceiling,
  })
    .map(
      ([name, fill], index) =>
        `<rect x="${12 + index * 150}" y="38" width="12" height="12" fill="${fill}"/>${text(30 + index * 150, 48, name)}`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 10}" viewBox="0 0 ${WIDTH} ${y + 10}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(12, 20, heading, 'font-size="16" font-weight="bold"'),
    text(WIDTH - 12, 20, subheading, 'text-anchor="end" fill="#6b7280"'),
    legend,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function colour(row: Row): string {
  if (row.kind === 'ceiling') return COLOURS.ceiling;
  if (row.kind === 'peer') return COLOURS.peer;
  return row.side === 'reference' ? COLOURS.reference : COLOURS.target;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x}" y="${y}" ${attributes}>${escapeXml(content)}</text>`;
}

function escapeXml(content: string): string {
  return content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
