/**
 * Markdown that stays what it says whatever text goes in: punctuation in prose is
 * backslash-escaped (so `<script>` shows as text, `|` cannot split a cell), code spans and
 * fences are longer than any run of backticks inside them.
 */
import { plainText } from './escape.ts';

/** Text or code for one table cell. */
export type Cell = string | { readonly code: string };

const PUNCTUATION = /[\\`*_[\]<>|~&!#]/g;

/** Prose on one line: a list item, a heading, a paragraph. */
export function inline(text: string): string {
  return plainText(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(PUNCTUATION, '\\$&');
}

/** `text` as a code span, on one line. */
export function codeSpan(text: string, inTable = false): string {
  const code = plainText(text).replace(/\s*\n\s*/g, ' ');
  const ticks = '`'.repeat(longestRun(code, '`') + 1);
  const padded = code.startsWith('`') || code.endsWith('`') ? ` ${code} ` : code;
  return `${ticks}${inTable ? padded.replace(/\|/g, '\\|') : padded}${ticks}`;
}

/** A fenced code block. */
export function fenced(text: string, info = 'text'): string {
  const code = plainText(text).replace(/\s+$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
  return `${fence}${info}\n${code}\n${fence}`;
}

function renderCell(cell: Cell): string {
  if (typeof cell !== 'string') return codeSpan(cell.code, true);
  return plainText(cell)
    .trim()
    .split('\n')
    .map((line) => line.replace(PUNCTUATION, '\\$&'))
    .join('<br>');
}

/** A table whose every row has as many cells as `headers`. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]) => `| ${headers.map((_, index) => renderCell(cells[index] ?? '')).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const each of text) {
    run = each === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
