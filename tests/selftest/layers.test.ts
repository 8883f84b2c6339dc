/**
 * Imports point down: every file of harness/ keeps to the layer order of harness/layers.ts
 * (harness/selftest/layer-check.ts says what that means), and the checker itself catches a
 * planted bad import of every kind it knows. What a layer is made of stays in it: the
 * sandbox's variables and flags are spelled out in harness/sandbox/ alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../harness/layers.ts';
import { KATA_ROOT } from '../../harness/paths.ts';
import { relativeImports } from '../../harness/selftest/imports.ts';
import { checkLayers, type HarnessTree, readHarness } from '../../harness/selftest/layer-check.ts';
import { sandboxKnowledgeOutside } from '../../harness/selftest/sandbox-knowledge.ts';

describe('the layers of harness/', () => {
  it('has every import pointing down, no runtime import of tests/, and every folder in the order', () => {
    const problems = checkLayers(readHarness(KATA_ROOT));
    expect(problems, `${problems.length} layer problem(s):\n\n${problems.join('\n\n')}\n`).toEqual([]);
  });

  it('places each folder once, with a line on what it is', () => {
    const folders = LAYERS.flat().map((layer) => layer.folder);
    expect(new Set(folders).size).toBe(folders.length);
    for (const layer of LAYERS.flat()) expect(layer.is.length, layer.folder).toBeGreaterThan(20);
  });
});

/** A small harness: root files, a lower layer and a higher one, peers, a developer tool. */
const ORDER = {
  layers: [
    [{ folder: '', is: 'root' }],
    [{ folder: 'low', is: 'low' }],
    [
      { folder: 'left', is: 'left peer' },
      { folder: 'right', is: 'right peer' },
    ],
    [{ folder: 'high', is: 'high' }],
    [{ folder: 'tool', is: 'tool', developerTool: true as const }],
  ],
  dataFolders: { notes: 'high' },
};
const FOLDERS = ['low', 'left', 'right', 'high', 'tool', 'notes'];
const BASE = [
  { path: 'harness/paths.ts', text: "export const ROOT = '/';\n" },
  { path: 'harness/low/a.ts', text: "import { ROOT } from '../paths.ts';\nexport const A = ROOT;\n" },
  { path: 'harness/left/b.ts', text: "import { A } from '../low/a.ts';\nexport const B = A;\n" },
  { path: 'harness/right/c.ts', text: 'export const C = 1;\n' },
  { path: 'harness/high/d.ts', text: "import { B } from '../left/b.ts';\nimport { C } from '../right/c.ts';\nexport const D = B + C;\n" },
  { path: 'harness/tool/e.ts', text: "import { D } from '../high/d.ts';\nimport { F } from '../../tests/f.ts';\n" },
];

function planted(path: string, text: string, folders = FOLDERS): string[] {
  const tree: HarnessTree = { files: [...BASE.filter((file) => file.path !== path), { path, text }], folders };
  return checkLayers(tree, ORDER);
}

describe('the layer check', () => {
  it('passes a tree that keeps to its order', () => {
    expect(checkLayers({ files: BASE, folders: FOLDERS }, ORDER)).toEqual([]);
  });

  it('fails an import from a lower layer to a higher one, naming file, line, import, layers and the remedy', () => {
    const problems = planted('harness/low/a.ts', "// a comment\nimport { D } from '../high/d.ts';\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("harness/low/a.ts:2 imports '../high/d.ts'");
    expect(problems[0]).toContain(
      'low/ (rank 2 of 5 from the bottom) may not import high/ (rank 4 of 5 from the bottom), a layer above it',
    );
    expect(problems[0]).toContain('Move what low/ needs from harness/high/d.ts down');
  });

  it('fails a root file that imports a layer', () => {
    expect(planted('harness/paths.ts', "export { A } from './low/a.ts';\n")[0]).toContain('the root files of harness/ (rank 1 of 5');
  });

  it('fails a peer that imports its peer', () => {
    const [problem] = planted('harness/right/c.ts', "import type { B } from '../left/b.ts';\nexport const C = 1;\n");
    expect(problem).toContain("harness/right/c.ts:1 imports '../left/b.ts': right/ and left/ are peers");
  });

  it('fails harness runtime that imports tests/, and lets a developer tool do it', () => {
    const [problem] = planted('harness/high/d.ts', "export const D = await import('../../tests/sample.ts');\n");
    expect(problem).toContain("harness/high/d.ts:1 imports '../../tests/sample.ts': high/ is harness runtime");
    expect(problem).toContain('developer-tool layer');
  });

  it('sees every form of import, and no look-alike in a comment or a string', () => {
    const text = [
      "import '../a.ts';",
      "export * from './b.ts';",
      "import type { C } from './c.ts';",
      "import d = require('./d.cjs');",
      "type E = typeof import('./e.ts');",
      "const f = await import('./f.ts');",
      "const g = require('./g.cjs');",
      "const h = require.resolve('./h.cjs');",
      "const i = import.meta.resolve('./i.ts');",
      "const j = new URL('./j.mjs', import.meta.url);",
      "register('./k.mjs', import.meta.url);",
      "// import { x } from '../not-me.ts';",
      'const s = "import { y } from \'../nor-me.ts\'";',
      "import { z } from 'node:path';",
    ].join('\n');
    expect(relativeImports('x.ts', text).map(({ line, specifier }) => `${line} ${specifier}`)).toEqual([
      '1 ../a.ts',
      '2 ./b.ts',
      '3 ./c.ts',
      '4 ./d.cjs',
      '5 ./e.ts',
      '6 ./f.ts',
      '7 ./g.cjs',
      '8 ./h.cjs',
      '9 ./i.ts',
      '10 ./j.mjs',
      '11 ./k.mjs',
    ]);
    expect(relativeImports('x.cjs', "const a = require('../high/d.ts');")).toEqual([{ line: 1, specifier: '../high/d.ts' }]);
  });

  it('fails a folder that has no place in the order, and code in a data folder', () => {
    const problems = planted('harness/spawn/s.ts', "import { A } from '../low/a.ts';\n", [...FOLDERS, 'spawn']);
    expect(problems).toEqual([expect.stringContaining("harness/spawn/ is in no layer: add 'spawn' to LAYERS in harness/layers.ts")]);
    expect(planted('harness/notes/n.ts', '')).toEqual([
      expect.stringContaining('harness/notes/n.ts is code in harness/notes/, a data folder'),
    ]);
  });

  it('fails a layer listed twice or with no code', () => {
    const twice = { ...ORDER, layers: [...ORDER.layers, [{ folder: 'low', is: 'again' }]] };
    expect(checkLayers({ files: BASE, folders: FOLDERS }, twice)).toContain("harness/layers.ts lists the layer 'low' twice: keep one.");
    const problems = checkLayers({ files: BASE.filter((file) => !file.path.includes('/right/')), folders: FOLDERS }, ORDER);
    expect(problems).toEqual(["harness/layers.ts lists the layer 'right', but harness/right/ holds no code: remove it from LAYERS."]);
  });
});

describe('the sandbox, known in harness/sandbox/ alone', () => {
  it('has its variables and flags spelled out nowhere else in harness/ or vitest.config.ts', () => {
    const config = { path: 'vitest.config.ts', text: readFileSync(join(KATA_ROOT, 'vitest.config.ts'), 'utf8') };
    const problems = sandboxKnowledgeOutside([...readHarness(KATA_ROOT).files, config]);
    expect(problems, `${problems.length} place(s) outside harness/sandbox/ know how it is made:\n\n${problems.join('\n\n')}\n`).toEqual([]);
  });

  it('is caught when planted in a string, a template or a name, and not in a comment', () => {
    const text = [
      '// a comment may say --max-old-space-size and KATA_SANDBOX_TREE',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: planted source text with a template in it
      "const args = ['--permission', `--allow-fs-read=${tree}`];",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: planted source text with a template in it
      'const heap = `--max-old-space-size=${mb}`;',
      'env[SANDBOX_ARGS_ENV] = JSON.stringify(args);',
    ].join('\n');
    const problems = sandboxKnowledgeOutside([
      { path: 'harness/runner/spawn.ts', text },
      { path: 'harness/sandbox/flags.ts', text },
    ]);
    expect(problems).toEqual([
      expect.stringContaining(`harness/runner/spawn.ts:2 spells out a permission model's flag ("--permission")`),
      expect.stringContaining(`harness/runner/spawn.ts:2 spells out a permission model's flag ("--allow-fs-read=")`),
      expect.stringContaining('harness/runner/spawn.ts:3 spells out the heap-limit flag ("--max-old-space-size=")'),
      expect.stringContaining('harness/runner/spawn.ts:4 spells out a sandbox environment variable ("SANDBOX_ARGS_ENV")'),
    ]);
    expect(problems[3]).toContain('use sandboxEnv() or sandboxFromEnv() (sandbox/child-env.ts)');
  });
});
