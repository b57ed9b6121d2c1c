import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ANONYMIZER_PATTERNS } from './patterns.js';

/**
 * Every regular expression in the anonymizer's source — the named patterns and every
 * inline literal or `new RegExp(…)` found by parsing the files with the TypeScript
 * compiler — is checked with recheck (automaton + fuzz ReDoS checker) and must be
 * `safe`: no exponential or polynomial backtracking.
 */
const directory = import.meta.dirname;
/** The seed's regexes are the baseline the anonymizer replaces, not part of it. */
const BASELINE = 'seed-baseline.ts';
const sources = readdirSync(directory).filter(
  (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== BASELINE,
);

function regexLiterals(file: string): Array<{ where: string; source: string; flags: string }> {
  const text = readFileSync(join(directory, file), 'utf8');
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Array<{ where: string; source: string; flags: string }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isRegularExpressionLiteral(node)) {
      const literal = node.text;
      const close = literal.lastIndexOf('/');
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({
        where: `${file}:${line}`,
        source: literal.slice(1, close),
        flags: literal.slice(close + 1),
      });
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      throw new Error(`${file}:${line}: dynamic RegExp cannot be checked statically; use a literal`);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** Each distinct pattern once (the first place it occurs). */
const literals = [
  ...new Map(
    sources.flatMap(regexLiterals).map((literal) => [`/${literal.source}/${literal.flags}`, literal]),
  ).values(),
];

describe('regular expressions are free of super-linear backtracking (recheck)', () => {
  it('found the source files and their patterns', () => {
    expect(sources).toContain('patterns.ts');
    expect(literals.length).toBeGreaterThan(30);
  });

  it.each(literals.map((literal) => [literal.where, literal.source, literal.flags] as const))(
    '%s /%s/%s',
    (_where, source, flags) => {
      const diagnostics = checkSync(source, flags, { timeout: 10_000 });
      expect(diagnostics.status, JSON.stringify(diagnostics)).toBe('safe');
    },
  );

  it("flags the seed baseline's email pattern, so the checker does find super-linear patterns", () => {
    const statuses = regexLiterals(BASELINE).map(
      (literal) => checkSync(literal.source, literal.flags).status,
    );
    expect(statuses).toHaveLength(5);
    expect(statuses).toContain('vulnerable');
  });

  it.each(Object.entries(ANONYMIZER_PATTERNS))('named pattern %s', (_name, pattern) => {
    expect(checkSync(pattern.source, pattern.flags, { timeout: 10_000 }).status).toBe('safe');
  });
});
