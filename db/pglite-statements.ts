import { parse, protocol, types, type PGlite, type Results } from "@electric-sql/pglite";

/**
 * The embedded database with named prepared statements, for the Kysely dialect (it calls `query`
 * and, on shutdown, `close`).
 *
 * PGlite's `query` parses, analyses and plans every statement again, in six round trips into its
 * WebAssembly Postgres (parse, describe, bind, describe, execute, sync). Kysely sends the same few
 * hundred statement texts over and over with other parameters, so each text is prepared once per
 * session under a name, with its parameter types; later runs send bind, describe, execute and sync
 * in one call. The session query went from 0.55 to about 0.3 ms of CPU (docs/benchmarks.md).
 *
 * - Only statements with parameters are prepared: the others (`begin`, `commit`, migrations, raw
 *   scripts) are one-off or cost nothing to parse, and go as one simple-protocol query.
 * - At most `limit` statements are kept; the least recently used one is closed beyond that.
 * - Prepared statements are not transactional in Postgres: one prepared inside a transaction that
 *   rolls back stays valid. One whose tables changed shape (a migration after it was prepared)
 *   fails with "cached plan must not change result type": it is forgotten, and the statement is
 *   prepared again once, outside a failed transaction only.
 * - Errors are PGlite's own `DatabaseError`s (with their `code`), as `query` throws them; every
 *   exchange ends with a sync, so a failed statement leaves the session ready for the next.
 */
/** Statement names are unique in the process, so that two clients of one PGlite never collide. */
let statementCounter = 0;

export function withNamedStatements(pglite: PGlite, { limit = 500 }: { limit?: number } = {}) {
  const { serialize } = protocol;
  // PGlite's own result reader copies every type parser into a new object on each call (a tenth of
  // a signed-in page's CPU): the parsers are merged once here, and results read by readResults.
  const parsers: Record<number, (value: string, typeId: number) => unknown> = { ...types.parsers, ...pglite.parsers };
  const statements = new Map<string, { name: string; paramTypes: number[] }>();

  const concat = (parts: Uint8Array[]) => {
    const whole = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      whole.set(part, offset);
      offset += part.length;
    }
    return whole;
  };

  /** One exchange, always ended by a sync; the first error of the exchange is thrown. */
  const exchange = async (parts: Uint8Array[]) => {
    const { messages } = await pglite.execProtocol(concat([...parts, serialize.sync()]), { throwOnError: false });
    const failure = messages.find((message) => message.name === "error");
    if (failure) throw failure;
    return messages;
  };

  const prepare = async (text: string) => {
    const name = `kysely_${++statementCounter}`;
    const messages = await exchange([serialize.parse({ name, text, types: [] }), serialize.describe({ type: "S", name })]);
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, statement);
    if (statements.size > limit) {
      const [oldestText, oldest] = statements.entries().next().value!;
      statements.delete(oldestText);
      await exchange([serialize.close({ type: "S", name: oldest.name })]);
    }
    return statement;
  };

  const run = async (statement: { name: string; paramTypes: number[] }, values: unknown[]): Promise<Results> => {
    const params = values.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = pglite.serializers[statement.paramTypes[index]!];
      return serializer ? serializer(value) : String(value);
    });
    const messages = await exchange([
      serialize.bind({ statement: statement.name, values: params }),
      serialize.describe({ type: "P" }),
      serialize.execute({}),
    ]);
    return readResults(messages, parsers);
  };

  return {
    async query<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Results<T>> {
      // Without parameters: the simple protocol, one call (several statements in one text allowed).
      if (values.length === 0) return readResults(await exchange([serialize.query(text)]), parsers) as Results<T>;
      let statement = statements.get(text);
      if (statement) {
        // Most recently used last: the first entry is the one to close when the map is full.
        statements.delete(text);
        statements.set(text, statement);
      } else {
        statement = await prepare(text);
      }
      try {
        return (await run(statement, values)) as Results<T>;
      } catch (error) {
        if (!isStalePlan(error)) throw error;
        statements.delete(text);
        await exchange([serialize.close({ type: "S", name: statement.name })]).catch(() => {});
        return (await run(await prepare(text), values)) as Results<T>;
      }
    },
    close: () => pglite.close(),
    /** How many statements are prepared now (for tests). */
    get prepared() {
      return statements.size;
    },
  };
}

type BackendMessage = Awaited<ReturnType<PGlite["execProtocol"]>>["messages"][number];

/**
 * Rows (as objects, each value through its type's parser), fields and affected rows of an exchange,
 * as PGlite's `query` answers them; for several statements, the rows of all and the last fields.
 */
function readResults(messages: BackendMessage[], parsers: Record<number, (value: string, typeId: number) => unknown>): Results {
  let fields: Array<{ name: string; dataTypeID: number }> = [];
  const rows: Array<Record<string, unknown>> = [];
  let affectedRows = 0;
  for (const message of messages) {
    if (message.name === "rowDescription") {
      fields = (message as InstanceType<typeof protocol.messages.RowDescriptionMessage>).fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID }));
    } else if (message.name === "dataRow") {
      const row: Record<string, unknown> = {};
      (message as InstanceType<typeof protocol.messages.DataRowMessage>).fields.forEach((value: string | null, index: number) => {
        const field = fields[index]!;
        const parser = parsers[field.dataTypeID];
        row[field.name] = value === null ? null : parser ? parser(value, field.dataTypeID) : value;
      });
      rows.push(row);
    } else if (message.name === "commandComplete") {
      affectedRows += affectedBy((message as InstanceType<typeof protocol.messages.CommandCompleteMessage>).text);
    }
  }
  return { rows, fields, affectedRows };
}

/** The count in a command tag ("INSERT 0 3", "UPDATE 2"); 0 for a SELECT, as PGlite reports it. */
function affectedBy(tag: string): number {
  const [command, first, second] = tag.split(" ");
  if (command === "INSERT") return Number.parseInt(second ?? "0", 10) || 0;
  if (command === "UPDATE" || command === "DELETE" || command === "COPY" || command === "MERGE") return Number.parseInt(first ?? "0", 10) || 0;
  return 0;
}

/** A statement prepared before its tables changed shape: "cached plan must not change result type". */
function isStalePlan(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "0A000";
}
