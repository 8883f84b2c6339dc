/**
 * Everything in a grade report is untrusted text: the candidate's code writes the error
 * messages, and the candidate picks the test tree's folder name. Each renderer passes every
 * such string through one of these before it reaches the page.
 */

const ESC = String.fromCharCode(0x1b);
/** Terminal colour and cursor sequences, which Vitest leaves in some messages. */
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[ -/]*[@-~]`, 'g');

/**
 * Tabs and newlines survive; other control characters, lone surrogates, the two
 * non-characters XML 1.0 forbids and the bidirectional overrides (which can make text
 * display in another order than it reads) are dropped.
 */
function isKept(code: number): boolean {
  if (code === 0x09 || code === 0x0a) return true;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff;
}

/** The text with escape sequences and characters no renderer should pass on removed. */
export function plainText(text: string): string {
  let kept = '';
  for (const char of text.replace(ANSI, '').replace(/\r\n?/g, '\n')) {
    if (isKept(char.codePointAt(0) ?? 0)) kept += char;
  }
  return kept;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe as HTML text and as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return plainText(text).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Safe as XML 1.0 text content. */
export function escapeXml(text: string): string {
  return escapeHtml(text);
}

/** Safe as a quoted XML attribute value, with tabs and newlines kept (a parser would fold them to spaces). */
export function escapeXmlAttribute(text: string): string {
  return escapeHtml(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
