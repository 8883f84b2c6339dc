/**
 * The relative module specifiers a source file names, each with its line, read from the
 * file's syntax tree (so comments and strings that merely look like imports are not
 * counted): `import … from`, `export … from`, `import type`, `import x = require()`,
 * dynamic `import()`, `typeof import()`, `require()`, `require.resolve()`,
 * `import.meta.resolve()`, and any string resolved against `import.meta.url`, such as
 * `new URL('./worker.mjs', import.meta.url)` or `register('./hooks.mjs', import.meta.url)`.
 * A path built at run time (`join(__dirname, '..', 'x')`) is not seen.
 */
import ts from 'typescript';

export interface FoundImport {
  /** 1-based. */
  readonly line: number;
  readonly specifier: string;
}

export function relativeImports(fileName: string, text: string): FoundImport[] {
  const kind = /\.[cm]?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: FoundImport[] = [];
  const visit = (node: ts.Node): void => {
    const literal = specifierOf(node);
    if (literal && isRelative(literal.text)) {
      found.push({ line: source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1, specifier: literal.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

type Literal = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;

function specifierOf(node: ts.Node): Literal | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return literal(node.moduleSpecifier);
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    return literal(node.moduleReference.expression);
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) return literal(node.argument.literal);
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const [first, second] = node.arguments ?? [];
    if (second && isImportMetaUrl(second)) return literal(first);
    if (ts.isCallExpression(node) && namesAModule(node.expression)) return literal(first);
  }
  return undefined;
}

/** `import(…)`, `require(…)`, `require.resolve(…)`, `import.meta.resolve(…)`. */
function namesAModule(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'resolve') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'require') || isImportMeta(owner);
}

function isImportMeta(node: ts.Node): boolean {
  return ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword && node.name.text === 'meta';
}

function isImportMetaUrl(node: ts.Node): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'url' && isImportMeta(node.expression);
}

function literal(node: ts.Node | undefined): Literal | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node : undefined;
}
