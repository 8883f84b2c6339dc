/**
 * Holds harness/ to its layer order (harness/layers.ts): every import points down or stays
 * in its layer, no peer imports a peer, only developer tools import from `tests/`, and every
 * folder has a place in the order. Each problem is a sentence a maintainer can act on.
 * `checkLayers` is pure (the self-test feeds it small planted trees too); `readHarness`
 * reads the real one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DATA_FOLDERS, LAYERS, type Layer } from '../layers.ts';
import { relativeImports } from './imports.ts';

export interface SourceFile {
  /** The path from the kata's root, with forward slashes: `harness/grade/grade.ts`. */
  readonly path: string;
  readonly text: string;
}

export interface HarnessTree {
  readonly files: readonly SourceFile[];
  /** The folders directly under harness/. */
  readonly folders: readonly string[];
}

export interface LayerOrder {
  readonly layers: readonly (readonly Layer[])[];
  readonly dataFolders: Readonly<Record<string, string>>;
}

const CODE = /\.(?:[cm]?ts|[cm]?js)$/;
const ORDER_FILE = 'harness/layers.ts';

export function readHarness(kataRoot: string): HarnessTree {
  const root = join(kataRoot, 'harness');
  const entries = readdirSync(root, { withFileTypes: true });
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .filter((file) => CODE.test(file) && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => ({ path: `harness/${file}`, text: readFileSync(join(root, file), 'utf8') }));
  return { files, folders: entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name) };
}

interface Placed {
  readonly layer: Layer;
  readonly rank: number;
}

export function checkLayers(tree: HarnessTree, order: LayerOrder = { layers: LAYERS, dataFolders: DATA_FOLDERS }): string[] {
  const placed = new Map<string, Placed>();
  const problems: string[] = [];
  order.layers.forEach((peers, rank) => {
    for (const layer of peers) {
      if (placed.has(layer.folder)) problems.push(`${ORDER_FILE} lists the layer '${layer.folder}' twice: keep one.`);
      placed.set(layer.folder, { layer, rank });
    }
  });
  problems.push(...unplacedFolders(tree, placed, order), ...emptyLayers(tree, placed));
  for (const file of tree.files) {
    const from = placed.get(folderOf(file.path));
    if (!from) continue;
    for (const { line, specifier } of relativeImports(file.path, file.text)) {
      const where = `${file.path}:${line} imports '${specifier}'`;
      const problem = importProblem(from, posix.join(posix.dirname(file.path), specifier), placed, order.layers.length);
      if (problem) problems.push(`${where}: ${problem}`);
    }
  }
  return problems;
}

/** The layer folder of a path from the kata's root: '' for a file directly in harness/. */
function folderOf(path: string): string {
  const [, top, ...rest] = path.split('/');
  return rest.length === 0 ? '' : (top ?? '');
}

function name(layer: Layer): string {
  return layer.folder === '' ? 'the root files of harness/' : `${layer.folder}/`;
}

function importProblem(from: Placed, target: string, placed: ReadonlyMap<string, Placed>, ranks: number): string | undefined {
  if (target === 'tests' || target.startsWith('tests/')) {
    if (from.layer.developerTool) return undefined;
    return (
      `${name(from.layer)} is harness runtime, which may not import from tests/ (the kata's own checks, not part of what ` +
      `the commands run). Move what it needs into harness/ at or below ${name(from.layer)}, or, if this file is a ` +
      `developer tool, move it into a developer-tool layer (selftest/) and update whatever names its path.`
    );
  }
  if (target !== 'harness' && !target.startsWith('harness/')) return undefined;
  const to = placed.get(target === 'harness' ? '' : folderOf(target));
  if (!to || to.layer === from.layer) return undefined;
  const ranked = (p: Placed) => `${name(p.layer)} (rank ${p.rank + 1} of ${ranks} from the bottom)`;
  if (to.rank > from.rank) {
    return (
      `${ranked(from)} may not import ${ranked(to)}, a layer above it (order in ${ORDER_FILE}). ` +
      `Move what ${name(from.layer)} needs from ${target} down into ${name(from.layer)} or a layer below it; ` +
      'if the order itself is wrong, change it there.'
    );
  }
  if (to.rank === from.rank) {
    return (
      `${name(from.layer)} and ${name(to.layer)} are peers (rank ${from.rank + 1} in ${ORDER_FILE}) and may not import ` +
      `each other. Move what both need from ${target} into a layer below rank ${from.rank + 1}.`
    );
  }
  return undefined;
}

function unplacedFolders(tree: HarnessTree, placed: ReadonlyMap<string, Placed>, order: LayerOrder): string[] {
  const problems: string[] = [];
  for (const folder of tree.folders) {
    if (placed.has(folder) || folder in order.dataFolders) continue;
    problems.push(
      `harness/${folder}/ is in no layer: add '${folder}' to LAYERS in ${ORDER_FILE}, at a rank above every layer its ` +
        'files import and below every layer that imports them (or to DATA_FOLDERS if it holds no code).',
    );
  }
  for (const file of tree.files) {
    const folder = folderOf(file.path);
    if (folder in order.dataFolders) {
      problems.push(
        `${file.path} is code in harness/${folder}/, a data folder (DATA_FOLDERS in ${ORDER_FILE}): move it into the layer that uses it.`,
      );
    } else if (!placed.has(folder) && !tree.folders.includes(folder)) {
      problems.push(`${file.path} is in no layer: add '${folder}' to LAYERS in ${ORDER_FILE}.`);
    }
  }
  return problems;
}

function emptyLayers(tree: HarnessTree, placed: ReadonlyMap<string, Placed>): string[] {
  const used = new Set(tree.files.map((file) => folderOf(file.path)));
  return [...placed.keys()]
    .filter((folder) => !used.has(folder))
    .map((folder) => `${ORDER_FILE} lists the layer '${folder}', but harness/${folder}/ holds no code: remove it from LAYERS.`);
}
