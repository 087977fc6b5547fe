import ts from "typescript";

/**
 * What db/schema.ts says each table's columns are, read with the TypeScript compiler (the types as
 * the application sees them, aliases and kysely's ColumnType/Generated resolved): for every table
 * of the `Database` interface, each column's selected type reduced to a kind and whether it can be
 * null. Compared with the migrated database's catalogue by the schema test.
 */
export type TypeKind = "string" | "number" | "boolean" | "Date" | "json" | "object" | "array" | "other";

export interface DeclaredColumn {
  kind: TypeKind;
  /** For arrays: the elements' kind. */
  element?: TypeKind;
  nullable: boolean;
  /** The selected type as TypeScript prints it, for failure messages. */
  text: string;
}

export type DeclaredSchema = Record<string, Record<string, DeclaredColumn>>;

export function readDeclaredSchema(schemaPath: string, interfaceName = "Database"): DeclaredSchema {
  const program = ts.createProgram([schemaPath], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaPath);
  if (!source) throw new Error(`TypeScript could not read ${schemaPath}`);
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === interfaceName,
  );
  if (!declaration) throw new Error(`${schemaPath} has no interface ${interfaceName}`);
  const databaseType = checker.getTypeAtLocation(declaration.name);

  const schema: DeclaredSchema = {};
  for (const table of checker.getPropertiesOfType(databaseType)) {
    const tableType = checker.getTypeOfSymbolAtLocation(table, declaration);
    const columns: Record<string, DeclaredColumn> = {};
    for (const column of checker.getPropertiesOfType(tableType)) {
      const columnType = checker.getTypeOfSymbolAtLocation(column, declaration);
      // kysely's ColumnType<Select, Insert, Update> (and Generated<T>) carry the read type in __select__.
      const selectSymbol = columnType.getProperty("__select__");
      const selected = selectSymbol ? checker.getTypeOfSymbolAtLocation(selectSymbol, declaration) : columnType;
      columns[column.name] = describe(checker, selected);
    }
    schema[table.name] = columns;
  }
  return schema;
}

function describe(checker: ts.TypeChecker, type: ts.Type): DeclaredColumn {
  const members = type.isUnion() ? type.types : [type];
  const nullable = members.some((member) => member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined));
  const rest = members.filter((member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  const kinds = new Set(rest.map((member) => kindOf(checker, member)));
  const kind: TypeKind = kinds.size === 1 ? [...kinds][0]! : "other";
  let element: TypeKind | undefined;
  if (kind === "array" && rest.length === 1) {
    const elementType = checker.getIndexTypeOfType(rest[0]!, ts.IndexKind.Number);
    element = elementType ? describe(checker, elementType).kind : "other";
  }
  return { kind, element, nullable, text: checker.typeToString(type) };
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): TypeKind {
  if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral | ts.TypeFlags.TemplateLiteral)) return "string";
  if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return "number";
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return "boolean";
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return "json";
  if (checker.isArrayType(type)) return "array";
  if (type.getSymbol()?.getName() === "Date") return "Date";
  if (type.flags & ts.TypeFlags.Object) return "object";
  return "other";
}
