/**
 * A strict little XML 1.0 reader for the JUnit file's test: elements, attributes, text and
 * the five entities plus character references, nothing else (no DTD, comments or CDATA, which
 * the renderer never writes). It throws at the first thing a real parser would reject.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const NAME = /[A-Za-z_][\w.-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.-]*)="([^"<]*)"/y;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function parseXml(source: string): XmlElement {
  for (const char of source) {
    const code = char.codePointAt(0) ?? 0;
    if (!isXmlChar(code)) throw new Error(`character U+${code.toString(16)} is not allowed in XML 1.0`);
  }
  const prolog = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(source);
  if (!prolog) throw new Error('expected the XML declaration first');
  const reader = { source, at: prolog[0].length };
  const root = element(reader);
  if (source.slice(reader.at).trim() !== '') throw new Error(`content after the root element at ${reader.at}`);
  return root;
}

interface Reader {
  readonly source: string;
  at: number;
}

function element(reader: Reader): XmlElement {
  if (reader.source[reader.at] !== '<') throw new Error(`expected a tag at ${reader.at}`);
  reader.at += 1;
  const name = match(reader, NAME, 'an element name')[0];
  const attributes: Record<string, string> = {};
  for (let found = attempt(reader, ATTRIBUTE); found; found = attempt(reader, ATTRIBUTE)) {
    const [, key = '', value = ''] = found;
    if (key in attributes) throw new Error(`attribute ${key} repeated on <${name}>`);
    attributes[key] = decode(value);
  }
  reader.at += /^\s*/.exec(reader.source.slice(reader.at))?.[0].length ?? 0;
  if (reader.source.startsWith('/>', reader.at)) {
    reader.at += 2;
    return { name, attributes, children: [], text: '' };
  }
  if (reader.source[reader.at] !== '>') throw new Error(`expected > to close <${name} at ${reader.at}`);
  reader.at += 1;
  const children: XmlElement[] = [];
  let text = '';
  for (;;) {
    const next = reader.source.indexOf('<', reader.at);
    if (next === -1) throw new Error(`<${name}> is never closed`);
    text += decode(reader.source.slice(reader.at, next));
    reader.at = next;
    if (reader.source.startsWith(`</${name}>`, next)) {
      reader.at += name.length + 3;
      return { name, attributes, children, text };
    }
    if (reader.source[next + 1] === '/') throw new Error(`unexpected closing tag at ${next} inside <${name}>`);
    children.push(element(reader));
  }
}

function decode(raw: string): string {
  if (raw.includes(']]>')) throw new Error('"]]>" is not allowed in text');
  return raw.replace(/&([^;]*);|&/g, (whole, body: string | undefined) => {
    if (body === undefined) throw new Error(`a bare & in "${raw.slice(0, 60)}"`);
    const reference = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(body);
    if (reference) {
      const code = reference[1] ? Number.parseInt(reference[1], 16) : Number(reference[2]);
      if (!isXmlChar(code)) throw new Error(`${whole} refers to a character XML 1.0 forbids`);
      return String.fromCodePoint(code);
    }
    const entity = ENTITIES[body];
    if (entity === undefined) throw new Error(`unknown entity ${whole}`);
    return entity;
  });
}

function attempt(reader: Reader, pattern: RegExp): RegExpExecArray | null {
  pattern.lastIndex = reader.at;
  const found = pattern.exec(reader.source);
  if (found) reader.at = pattern.lastIndex;
  return found;
}

function match(reader: Reader, pattern: RegExp, what: string): RegExpExecArray {
  const found = attempt(reader, pattern);
  if (!found) throw new Error(`expected ${what} at ${reader.at}`);
  return found;
}
