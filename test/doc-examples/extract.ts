// Finds the TypeScript examples users read: the ```ts blocks of every README (parsed with
// mdast-util-from-markdown) and the @example blocks of the public API's TSDoc (read with
// the TypeScript compiler API from each package entry point's exports).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Code } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import ts from 'typescript';

/** One example to compile and run. */
export interface DocExample {
  /** Where it is, for messages: `packages/core/README.md:42` or `packages/core/src/parse.ts:229 parseListing`. */
  where: string;
  /** The packages whose public names the example may use without importing them. */
  packages: string[];
  code: string;
  /** `no-run`: compiled but not run (see test/doc-examples/README.md). */
  noRun: boolean;
}

const TS_LANGUAGES = new Set(['ts', 'typescript']);

/** The ```ts blocks of Markdown text, parsed with mdast-util-from-markdown. */
function codeBlocks(
  markdown: string,
  bareIsTypeScript: boolean,
): { line: number; code: string; noRun: boolean; signature: boolean }[] {
  const blocks: { line: number; code: string; noRun: boolean; signature: boolean }[] = [];
  const visit = (node: { type: string; children?: unknown[] }) => {
    if (node.type === 'code') {
      const code = node as Code;
      // An example without a language in TSDoc is TypeScript too.
      if (code.lang ? TS_LANGUAGES.has(code.lang) : bareIsTypeScript) {
        const meta = ` ${code.meta ?? ''} `;
        blocks.push({
          line: code.position?.start.line ?? 0,
          code: code.value,
          noRun: meta.includes(' no-run '),
          signature: meta.includes(' signature '),
        });
      }
    }
    for (const child of node.children ?? []) visit(child as { type: string; children?: unknown[] });
  };
  visit(fromMarkdown(markdown));
  return blocks;
}

/**
 * The ```ts blocks of a Markdown file (```ts signature blocks are API shorthand, not code).
 *
 * @param packages - the packages whose public names the file's examples may use unimported
 *   (a package README's own package)
 */
export function markdownExamples(root: string, file: string, packages: string[] = []): DocExample[] {
  const text = readFileSync(file, 'utf8');
  return codeBlocks(text, false)
    .filter((block) => !block.signature && block.code.length > 0)
    .map((block) => ({
      where: `${relative(root, file)}:${block.line}`,
      packages,
      code: block.code,
      noRun: block.noRun,
    }));
}

/** A package entry point: its source file and the name users import it by. */
export interface PackageEntry {
  entry: string;
  package: string;
}

/** The public names of each package entry point (values, and names that are only types). */
export interface PublicNames {
  values: Set<string>;
  types: Set<string>;
}

/**
 * The @example blocks of every declaration a package entry point exports (and of their
 * members), and each entry point's public names.
 *
 * @param program - a program over the entry points with the repository's compiler options
 */
export function tsdocExamples(
  root: string,
  entries: PackageEntry[],
  program: ts.Program,
): { examples: DocExample[]; names: Map<string, PublicNames> } {
  const checker = program.getTypeChecker();
  const names = new Map<string, PublicNames>();
  const examples: DocExample[] = [];
  const seen = new Set<ts.Node>();
  const collect = (declaration: ts.Declaration, name: string, pkg: string) => {
    if (seen.has(declaration)) return;
    seen.add(declaration);
    const source = declaration.getSourceFile();
    for (const tag of ts.getJSDocTags(declaration)) {
      if (tag.tagName.text !== 'example') continue;
      const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
      const line = source.getLineAndCharacterOfPosition(tag.getStart()).line + 1;
      for (const block of codeBlocks(text, true)) {
        if (block.signature) continue;
        examples.push({
          where: `${relative(root, source.fileName)}:${line} ${name}`,
          packages: [pkg],
          code: block.code,
          noRun: block.noRun,
        });
      }
    }
  };
  for (const { entry, package: pkg } of entries) {
    const source = program.getSourceFile(entry);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${entry} is not in the program`);
    const publicNames: PublicNames = { values: new Set(), types: new Set() };
    names.set(pkg, publicNames);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      (symbol.flags & ts.SymbolFlags.Value ? publicNames.values : publicNames.types).add(exported.name);
      for (const declaration of symbol.declarations ?? []) {
        const file = declaration.getSourceFile().fileName;
        // Re-exports of another package are documented (and tested) there.
        if (!file.startsWith(`${root}packages/`) || file.includes('/dist/')) continue;
        // A TSDoc comment of `export const x = …` sits on the statement, not the declarator.
        const target = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
        collect(target as ts.Declaration, exported.name, pkg);
        if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) {
          for (const member of declaration.members) {
            collect(member, `${exported.name}.${member.name?.getText() ?? ''}`, pkg);
          }
        }
      }
    }
  }
  return { examples, names };
}
