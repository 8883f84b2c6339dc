/**
 * What the sandbox is made of is known in harness/sandbox/ alone: the environment variables
 * that hand it to a Vitest child (and how they are encoded), the permission model's flags
 * and the heap limit. Elsewhere, code calls the sandbox's functions (`sandboxEnv`,
 * `sandboxFromEnv`, `permissionArgs`, `heapLimitArg`, `createSandbox`) instead of spelling
 * those out. Only code is read: string literals and names, not comments.
 */
import ts from 'typescript';
import type { SourceFile } from './layer-check.ts';

const SANDBOX_FOLDER = 'harness/sandbox/';

const SPELLED_OUT: readonly { readonly pattern: RegExp; readonly what: string; readonly instead: string }[] = [
  {
    pattern: /KATA_SANDBOX_/,
    what: "a sandbox environment variable's name",
    instead: 'sandboxEnv() or sandboxFromEnv() (sandbox/child-env.ts)',
  },
  {
    pattern: /^SANDBOX_(?:TREE|ARGS)_ENV$/,
    what: 'a sandbox environment variable',
    instead: 'sandboxEnv() or sandboxFromEnv() (sandbox/child-env.ts)',
  },
  {
    pattern: /--(?:experimental-)?permission\b|--allow-(?:fs-read|fs-write|worker|child-process|addons|wasi)\b/,
    what: "a permission model's flag",
    instead: 'permissionArgs() (sandbox/node-flags.ts) or a Sandbox’s nodeArgs',
  },
  { pattern: /--max-old-space-size/, what: 'the heap-limit flag', instead: 'heapLimitArg() (sandbox/node-flags.ts)' },
];

/** Every place outside harness/sandbox/ that spells out part of the sandbox, as a sentence saying what to use instead. */
export function sandboxKnowledgeOutside(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (file.path.startsWith(SANDBOX_FOLDER)) continue;
    const kind = /\.[cm]?js$/.test(file.path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, kind);
    const visit = (node: ts.Node): void => {
      const text = codeText(node);
      const found = text === undefined ? undefined : SPELLED_OUT.find(({ pattern }) => pattern.test(text));
      if (found) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        const problem = `${file.path}:${line} spells out ${found.what} (${JSON.stringify(text)}), which only harness/sandbox/ may know: use ${found.instead}.`;
        if (problems.at(-1) !== problem) problems.push(problem);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return problems;
}

/** The text of a string, a piece of a template, or a name; nothing for other nodes. */
function codeText(node: ts.Node): string | undefined {
  if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  if (ts.isIdentifier(node)) return node.text;
  return undefined;
}
