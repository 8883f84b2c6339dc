/** Display symbols and colours in one place. Colour only on a terminal, and never with NO_COLOR. */
const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

const paint = (code: number) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const cyan = paint(36);

export const symbols = {
  pass: green('✓'),
  fail: red('✗'),
  hang: yellow('⧗'),
  empty: dim('·'),
} as const;

/** A bar of `width` cells, the passed share filled. */
export function bar(passed: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.round((passed / total) * width);
  const cells = '█'.repeat(filled) + '░'.repeat(width - filled);
  return passed === total && total > 0 ? green(cells) : cells;
}
