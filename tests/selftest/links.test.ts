/**
 * The documentation's links work in a fresh clone: every relative link in README.md,
 * docs/*.md and phases/<phase>/README.md names a file inside the kata that git does not
 * ignore, and every #anchor into a Markdown file names one of its headings (GitHub's slugs).
 * Also: the test index of docs/contract.md lists every clause once, and only files that exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KATA_ROOT } from '../../harness/paths.ts';

/** The Markdown files whose links must resolve, relative to the kata's root. */
function documents(): string[] {
  const inFolder = (folder: string, pick: (name: string) => string | undefined) =>
    existsSync(join(KATA_ROOT, folder))
      ? readdirSync(join(KATA_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
          const path = pick(entry.isDirectory() ? `${entry.name}/` : entry.name);
          return path && existsSync(join(KATA_ROOT, folder, path)) ? [`${folder}/${path}`] : [];
        })
      : [];
  return [
    'README.md',
    ...inFolder('docs', (name) => (name.endsWith('.md') ? name : undefined)),
    ...inFolder('phases', (name) => (name.endsWith('/') ? `${name}README.md` : undefined)),
  ].sort();
}

/** The text with its fenced code blocks blanked out. */
function withoutFences(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) fence = marker;
    else if (fence !== undefined && marker?.[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    else if (fence === undefined) {
      lines.push(line);
      continue;
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The text without code (fenced or inline) and HTML comments: links there are not links. */
function prose(markdown: string): string {
  return withoutFences(markdown)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(`+)[\s\S]*?\1/g, '');
}

/** Every link destination in `markdown`: inline links and images, and reference definitions. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const destination = String.raw`(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)`;
  const title = String.raw`(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?`;
  const inline = new RegExp(String.raw`\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*${destination}${title}\s*\)`, 'g');
  const definition = new RegExp(String.raw`^ {0,3}\[[^\]\n]+\]:\s*${destination}`, 'gm');
  const found = [...text.matchAll(inline), ...text.matchAll(definition)].map((match) => match[1] ?? '');
  return found.map((target) => (target.startsWith('<') ? target.slice(1, -1) : target)).filter((target) => target !== '');
}

/** GitHub's anchor for a heading: its text, lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file offers: a slug per heading (repeats get -1, -2...) and explicit ids. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  const add = (heading: string) => {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  };
  const lines = withoutFences(markdown).split('\n');
  lines.forEach((line, index) => {
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (atx) add(atx[1] ?? '');
    else if (/^ {0,3}(=+|-+)\s*$/.test(lines[index + 1] ?? '') && line.trim() !== '' && !/^\s*[-*+>|]/.test(line)) add(line);
  });
  for (const match of markdown.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) found.add(match[1] as string);
  return found;
}

/** Which of `paths` (relative to the root) git ignores; none when git cannot tell. */
function ignoredByGit(paths: readonly string[]): Set<string> {
  if (paths.length === 0) return new Set();
  const result = spawnSync('git', ['check-ignore', '--stdin'], { cwd: KATA_ROOT, input: paths.join('\n'), encoding: 'utf8' });
  if (result.error || (result.status !== 0 && result.status !== 1)) return new Set();
  return new Set(result.stdout.split('\n').filter((line) => line !== ''));
}

/** What is wrong with the relative links of `document`, one sentence each. */
function brokenLinks(document: string): string[] {
  const source = readFileSync(join(KATA_ROOT, document), 'utf8');
  const problems: string[] = [];
  const checked: { target: string; path: string }[] = [];
  for (const target of linkTargets(source)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const [rawPath = '', rawAnchor] = target.split('#', 2);
    let path: string;
    let anchor: string | undefined;
    try {
      path = decodeURIComponent(rawPath);
      anchor = rawAnchor === undefined ? undefined : decodeURIComponent(rawAnchor);
    } catch {
      problems.push(`${target}: not a valid URL`);
      continue;
    }
    const file = path === '' ? join(KATA_ROOT, document) : resolve(KATA_ROOT, dirname(document), path);
    const inside = relative(KATA_ROOT, file);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      problems.push(`${target}: leads outside the kata (a fresh clone has only the repository)`);
      continue;
    }
    if (!existsSync(file)) {
      problems.push(`${target}: ${inside.split(sep).join('/')} does not exist`);
      continue;
    }
    checked.push({ target, path: inside.split(sep).join('/') });
    if (anchor !== undefined && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor)) {
      problems.push(`${target}: ${inside.split(sep).join('/')} has no heading whose anchor is #${anchor}`);
    }
  }
  const ignored = ignoredByGit(checked.map(({ path }) => path));
  for (const { target, path } of checked) {
    if (ignored.has(path)) problems.push(`${target}: ${path} is ignored by git, so a fresh clone does not have it`);
  }
  return problems;
}

describe('the slugs of headings', () => {
  it("follows GitHub's rules: lower case, punctuation dropped, spaces as hyphens, repeats numbered", () => {
    expect(slug('Phase 1: basic buffer')).toBe('phase-1-basic-buffer');
    expect(slug('Items (G.FLOW, G.MEM, G.CPLX)')).toBe('items-gflow-gmem-gcplx');
    expect(slug('`put` and `take` — the **blocking** pair')).toBe('put-and-take--the-blocking-pair');
    expect(slug('[The rubric](#x) in_full')).toBe('the-rubric-in_full');
    expect([...anchors('# A\n\n## A\n\n## `put` and take\n\n```\n# not a heading\n```\n\nB\n---\n<a id="here"></a>\n')]).toEqual([
      'a',
      'a-1',
      'put-and-take',
      'b',
      'here',
    ]);
  });

  it('finds inline links, images and definitions, but not code', () => {
    const markdown = [
      'See [the contract](docs/contract.md#phase-1-basic-buffer) and ![a chart](<docs/a b.svg> "title").',
      '`[Symbol.iterator]()` is code, and so is `[x](y.md)`.',
      '```md',
      '[inside](a-fence.md)',
      '```',
      '[ref]: ./phases/README.md',
    ].join('\n');
    expect(linkTargets(markdown)).toEqual(['docs/contract.md#phase-1-basic-buffer', 'docs/a b.svg', './phases/README.md']);
  });
});

describe('the Markdown links', () => {
  const files = documents();

  it('covers README.md, docs/contract.md and every phase README', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/contract.md');
    expect(files.filter((file) => /^phases\/[^/]+\/README\.md$/.test(file)).length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('every relative link in %s resolves in a fresh clone', (document) => {
    expect(brokenLinks(document), `broken links in ${document}`).toEqual([]);
  });

  it('README.md and every phase README link to the contract', () => {
    for (const document of files.filter((file) => !file.startsWith('docs/'))) {
      const targets = linkTargets(readFileSync(join(KATA_ROOT, document), 'utf8'));
      const contract = join(KATA_ROOT, 'docs', 'contract.md');
      const toContract = targets.filter((target) => resolve(KATA_ROOT, dirname(document), target.split('#')[0] ?? '') === contract);
      expect(toContract.length, `links from ${document} to docs/contract.md`).toBeGreaterThan(0);
    }
  });
});

describe('the test index of docs/contract.md', () => {
  const contract = readFileSync(join(KATA_ROOT, 'docs/contract.md'), 'utf8');
  const start = contract.indexOf('## Where each clause is tested');
  const clauses = [...contract.slice(0, start).matchAll(/^\s*- \*\*([A-Z][A-Z0-9]*(?:\.[A-Z]+)?\.\d+)\*\*/gm)].map((m) => m[1]);
  const rows = [...contract.slice(start).matchAll(/^\|\s*([A-Z][A-Z0-9]*(?:\.[A-Z]+)?\.\d+)\s*\|(.*)\|\s*$/gm)];

  it('lists every clause exactly once, in the order they are defined, and nothing else', () => {
    expect(start, 'the heading "## Where each clause is tested"').toBeGreaterThan(0);
    expect(new Set(clauses).size, 'clause ids defined twice').toBe(clauses.length);
    expect(
      rows.map((row) => row[1]),
      'the clause ids of the index',
    ).toEqual(clauses);
  });

  it('names only test files that exist', () => {
    const named = rows.flatMap((row) => [...(row[2] ?? '').matchAll(/`((?:phase-\d|selftest)\/[a-z0-9-]+)`/g)].map((m) => m[1]));
    expect(named.length).toBeGreaterThan(clauses.length);
    expect(named.filter((name) => !existsSync(join(KATA_ROOT, 'tests', `${name}.test.ts`)))).toEqual([]);
  });
});
