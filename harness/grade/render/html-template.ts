/**
 * A tagged template that escapes by default: every value put into `html\`…\`` is escaped
 * unless it is itself the result of `html`. Markup is only ever written in this file's
 * callers' template literals, never taken from the report.
 */
import { escapeHtml } from './escape.ts';

export class SafeHtml {
  readonly markup: string;

  constructor(markup: string) {
    this.markup = markup;
  }

  toString(): string {
    return this.markup;
  }
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

export function html(strings: TemplateStringsArray, ...values: readonly Value[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

function render(value: Value): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}
