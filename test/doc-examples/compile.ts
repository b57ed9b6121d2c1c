// Turns doc examples into modules and type-checks them all in one TypeScript program with
// the repository's compiler options (the root tsconfig's paths point each public package
// name at its source).
import ts from 'typescript';
import type { DocExample, PublicNames } from './extract.js';

/**
 * The module text of an example: it gets an import of the public names of its packages
 * that it uses but neither imports nor declares; every example is made a module.
 */
export function exampleModule(example: DocExample, names: Map<string, PublicNames>): string {
  const source = ts.createSourceFile('example.ts', example.code, ts.ScriptTarget.ES2022, true);
  const declared = new Set<string>();
  const used = new Set<string>();
  const declare = (name: ts.BindingName | undefined) => {
    if (!name) return;
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) declare(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) declare(d.name);
    else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    )
      declared.add(statement.name.text);
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) declared.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings))
        for (const e of bindings.elements) declared.add(e.name.text);
      if (bindings && ts.isNamespaceImport(bindings)) declared.add(bindings.name.text);
    }
  }
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) used.add(node.text);
    node.forEachChild(visit);
  };
  visit(source);
  const imports = new Map<string, string[]>();
  const taken = new Set(declared);
  for (const pkg of example.packages) {
    const available = names.get(pkg);
    if (!available) continue;
    const wanted = [...used]
      .filter((name) => !taken.has(name) && (available.values.has(name) || available.types.has(name)))
      .sort();
    for (const name of wanted) taken.add(name);
    if (wanted.length > 0)
      imports.set(
        pkg,
        wanted.map((name) => (available.values.has(name) ? name : `type ${name}`)),
      );
  }
  const head = [...imports].map(([pkg, list]) => `import { ${list.join(', ')} } from '${pkg}';\n`).join('');
  return `${head}${example.code}\nexport {};\n`;
}

/** The repository's compiler options (root tsconfig), for examples: unused names are allowed. */
export function compilerOptions(tsconfigPath: string): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${tsconfigPath}`);
  return { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
}

/**
 * Type-checks the modules (file name → text) with `rootFiles`, reusing `oldProgram`'s
 * parsed files; returns the errors per module.
 */
export function typeCheck(
  options: ts.CompilerOptions,
  modules: Map<string, string>,
  rootFiles: string[],
  oldProgram?: ts.Program,
): Map<string, string[]> {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => modules.get(file) ?? readFile(file);
  host.fileExists = (file) => modules.has(file) || fileExists(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, create) => {
    const text = modules.get(file);
    return text === undefined
      ? getSourceFile(file, language, onError, create)
      : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...modules.keys(), ...rootFiles], options, host, oldProgram);
  const errors = new Map<string, string[]>();
  for (const file of modules.keys()) {
    const source = program.getSourceFile(file);
    const diagnostics = source
      ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      : [];
    errors.set(
      file,
      diagnostics.map((d) => {
        const line =
          d.start === undefined || !source ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1;
        return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return errors;
}
