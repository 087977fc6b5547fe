import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, UnknownRow } from "kysely";
import { beforeAll } from "vitest";
import { setDatabaseHandle } from "~/utils/db.server";
import { testDatabaseHandle, testDb } from "./database";

/** One query the app sent: its kind (SelectQueryNode, RawNode…) and the tables it names. */
export interface CountedQuery {
  kind: string;
  tables: string[];
}

/** The tables a query names, wherever they appear (from, join, subquery, update, delete). */
function tablesOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) tablesOf(item, found);
  } else if (node && typeof node === "object") {
    const operation = node as OperationNode & { table?: { identifier?: { name?: string } } };
    if (operation.kind === "TableNode" && operation.table?.identifier?.name) found.add(operation.table.identifier.name);
    for (const value of Object.values(node)) tablesOf(value, found);
  }
  return found;
}

/**
 * Records every query that goes through the Kysely instance it is installed on, by structure (kind
 * and tables), so that a test can count them without timing anything. Raw `sql` queries are
 * counted too; they name no tables here (their text is not parsed).
 */
export class QueryCounter implements KyselyPlugin {
  queries: CountedQuery[] = [];

  reset() {
    this.queries = [];
  }

  /** How many queries named the table. */
  naming(table: string) {
    return this.queries.filter((query) => query.tables.includes(table)).length;
  }

  transformQuery({ node }: PluginTransformQueryArgs) {
    this.queries.push({ kind: node.kind, tables: [...tablesOf(node)].sort() });
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

/**
 * A counter on every query the app sends during the file's tests. The app reads the database handle
 * on each query (getDb()), so it gets the counted instance; the factories keep testDb(), which is not
 * counted. Call after useTestDatabase().
 */
export function useQueryCounter(): QueryCounter {
  const counter = new QueryCounter();
  beforeAll(() => {
    setDatabaseHandle({ ...testDatabaseHandle(), db: testDb().withPlugin(counter) });
  });
  return counter;
}
