import ts from "typescript";

/**
 * Finds values that browser code reads from server-only modules (`*.server.ts`).
 *
 * Remix's classic compiler swaps every `.server` module for an empty one in the browser bundle and
 * says nothing: a constant imported from one is `undefined` in the browser. The server renders the
 * real value, the browser renders nothing, and React reports a hydration error (#418, #423, #425) —
 * or a message rendered only in the browser silently loses its number.
 *
 * A route module keeps only `loader`, `action` and `headers` out of the browser bundle; everything
 * else it exports (the component, meta, links, the error boundary…) and every top-level statement
 * that is not a declaration is browser code, and so is every top-level declaration they reach. Any
 * other module (a component, a shared helper) may be imported by browser code, so all its exports
 * count. A value import from a `.server` module reached from browser code is reported; type-only
 * uses (`import type`, `typeof loader`, annotations) vanish at compile time and are fine.
 *
 * The file is parsed alone (no imports are resolved): identifiers are matched to their declarations
 * by the TypeScript checker, so a local variable that shadows an import is not mistaken for it.
 */

/** Exports of a route module that the browser bundle leaves out. */
const SERVER_ONLY_ROUTE_EXPORTS = new Set(["loader", "action", "headers"]);

const SERVER_MODULE = /\.server(\.[cm]?[jt]sx?)?$/;

export interface ServerOnlyReference {
  /** The imported name as written in this file. */
  name: string;
  /** The `.server` module it comes from. */
  from: string;
  /** 1-based line of the first reference reached from browser code. */
  line: number;
  /** The browser-side export or statement through which it is reached (e.g. "default", "meta"). */
  reachedFrom: string;
}

export interface AnalyzeOptions {
  /** A route module (app/routes/*, app/root.tsx): its loader, action and headers stay on the server. */
  isRoute: boolean;
}

type Statement = ts.Statement;

export function findServerOnlyReferences(fileName: string, sourceText: string, options: AnalyzeOptions): ServerOnlyReference[] {
  const host = ts.createCompilerHost({}, true);
  const compilerOptions: ts.CompilerOptions = { noResolve: true, noLib: true, jsx: ts.JsxEmit.Preserve, allowJs: true, types: [] };
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const program = ts.createProgram({
    rootNames: [fileName],
    options: compilerOptions,
    host: { ...host, getSourceFile: (name) => (name === fileName ? source : undefined), fileExists: (name) => name === fileName },
  });
  const checker = program.getTypeChecker();

  // Value imports from `.server` modules, by the symbol of their local binding.
  const serverImports = new Map<ts.Symbol, { name: string; from: string }>();
  // Re-exports straight from a `.server` module are browser-visible values in a non-route module.
  const direct: ServerOnlyReference[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && SERVER_MODULE.test(statement.moduleSpecifier.text)) {
      const from = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const bindings: ts.Identifier[] = [];
      if (clause.name) bindings.push(clause.name);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) bindings.push(clause.namedBindings.name);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) if (!element.isTypeOnly) bindings.push(element.name);
      }
      for (const binding of bindings) {
        const symbol = checker.getSymbolAtLocation(binding);
        if (symbol) serverImports.set(symbol, { name: binding.text, from });
      }
    }
    if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      SERVER_MODULE.test(statement.moduleSpecifier.text)
    ) {
      const names =
        statement.exportClause && ts.isNamedExports(statement.exportClause)
          ? statement.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
          : ["*"];
      for (const name of names) {
        if (options.isRoute && SERVER_ONLY_ROUTE_EXPORTS.has(name)) continue;
        direct.push({ name, from: statement.moduleSpecifier.text, line: lineOf(source, statement), reachedFrom: `export ${name}` });
      }
    }
  }
  if (serverImports.size === 0) return direct;

  // Which top-level statement declares each symbol.
  const declaredIn = new Map<ts.Symbol, Statement>();
  for (const statement of source.statements) {
    for (const name of declaredNames(statement)) {
      const symbol = checker.getSymbolAtLocation(name);
      if (symbol) declaredIn.set(symbol, statement);
    }
  }

  // What each top-level statement reads (value positions only): other statements, server imports.
  interface Reads {
    statements: Set<Statement>;
    imports: Map<ts.Symbol, ts.Node>;
  }
  const reads = new Map<Statement, Reads>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) continue;
    const found: Reads = { statements: new Set(), imports: new Map() };
    const visit = (node: ts.Node) => {
      if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
      if (ts.isIdentifier(node)) {
        const symbol = referencedSymbol(checker, node);
        if (symbol) {
          if (serverImports.has(symbol) && !found.imports.has(symbol)) found.imports.set(symbol, node);
          const target = declaredIn.get(symbol);
          // An `export { a as b }` list names declarations; localExportNames makes them roots.
          if (target && target !== statement && !ts.isExportDeclaration(statement)) found.statements.add(target);
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(statement, visit);
    reads.set(statement, found);
  }

  // Browser code: client-side exports and top-level statements that run when the module loads.
  const roots: { statement: Statement; label: string }[] = [];
  const localExports = localExportNames(source, checker, declaredIn);
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) continue;
    const names = exportedNames(statement).concat(localExports.get(statement) ?? []);
    const browserNames = options.isRoute ? names.filter((name) => !SERVER_ONLY_ROUTE_EXPORTS.has(name)) : names;
    if (browserNames.length > 0) roots.push({ statement, label: browserNames.join(", ") });
    else if (!isDeclaration(statement) && !ts.isExportDeclaration(statement)) roots.push({ statement, label: `top-level statement on line ${lineOf(source, statement)}` });
  }

  const reported = new Map<ts.Symbol, ServerOnlyReference>();
  for (const root of roots) {
    const seen = new Set<Statement>();
    const queue = [root.statement];
    while (queue.length > 0) {
      const statement = queue.shift()!;
      if (seen.has(statement)) continue;
      seen.add(statement);
      const found = reads.get(statement);
      if (!found) continue;
      for (const [symbol, node] of found.imports) {
        if (reported.has(symbol)) continue;
        const { name, from } = serverImports.get(symbol)!;
        reported.set(symbol, { name, from, line: lineOf(source, node), reachedFrom: root.label });
      }
      queue.push(...found.statements);
    }
  }
  return [...direct, ...reported.values()].sort((a, b) => a.line - b.line);
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (fileName.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (fileName.endsWith(".js")) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** The symbol an identifier reads, or undefined when it is a name being declared or a property key. */
function referencedSymbol(checker: ts.TypeChecker, node: ts.Identifier): ts.Symbol | undefined {
  const parent = node.parent;
  // `{ minutes }` reads the variable `minutes`, not the property.
  if (ts.isShorthandPropertyAssignment(parent) && parent.name === node) return checker.getShorthandAssignmentValueSymbol(parent);
  if (ts.isExportSpecifier(parent)) return checker.getExportSpecifierLocalTargetSymbol(parent);
  return checker.getSymbolAtLocation(node);
}

function isDeclaration(statement: Statement): boolean {
  return (
    ts.isFunctionDeclaration(statement) ||
    ts.isVariableStatement(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  );
}

function hasModifier(statement: Statement, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === kind);
}

/** The identifiers a top-level declaration introduces. */
function declaredNames(statement: Statement): ts.Identifier[] {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name];
  if (ts.isEnumDeclaration(statement)) return [statement.name];
  if (ts.isVariableStatement(statement)) {
    const names: ts.Identifier[] = [];
    const collect = (name: ts.BindingName) => {
      if (ts.isIdentifier(name)) names.push(name);
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
    };
    for (const declaration of statement.declarationList.declarations) collect(declaration.name);
    return names;
  }
  return [];
}

/** Names a statement exports itself (`export function meta`, `export default …`). */
function exportedNames(statement: Statement): string[] {
  if (ts.isExportAssignment(statement)) return ["default"];
  if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) return [];
  if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) return ["default"];
  return declaredNames(statement).map((name) => name.text);
}

/** Names given to local declarations by `export { a as b }` lists. */
function localExportNames(source: ts.SourceFile, checker: ts.TypeChecker, declaredIn: Map<ts.Symbol, Statement>) {
  const names = new Map<Statement, string[]>();
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || statement.isTypeOnly) continue;
    if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const element of statement.exportClause.elements) {
      if (element.isTypeOnly) continue;
      const symbol = checker.getExportSpecifierLocalTargetSymbol(element);
      const target = symbol && declaredIn.get(symbol);
      if (target) names.set(target, [...(names.get(target) ?? []), element.name.text]);
      // `export { IMPORTED }`: the list itself hands the import on.
      else names.set(statement, [...(names.get(statement) ?? []), element.name.text]);
    }
  }
  return names;
}
