import { PGlite } from "@electric-sql/pglite";
import { withNamedStatements } from "../../../db/pglite-statements";

/**
 * The embedded database's client prepares each parameterised statement once by name
 * (db/pglite-statements.ts). Whatever database the suite runs on, this file opens its own
 * in-memory PGlite: it tests the wrapper, against PGlite's own `query` as the reference.
 */

let pglite: PGlite;
let client: ReturnType<typeof withNamedStatements>;

beforeAll(async () => {
  pglite = await PGlite.create();
  await pglite.exec(`
    create table things (id int primary key, name text not null, seen_at timestamptz, data jsonb);
    insert into things values (1, 'one', '2026-12-07T10:00:00Z', '{"a": 1}'), (2, 'two', null, null);
  `);
});

beforeEach(() => {
  client = withNamedStatements(pglite, { limit: 2 });
});

afterAll(async () => {
  await pglite.close();
});

describe("named statements on the embedded database", () => {
  it("answers what PGlite's own query answers: rows, their types, and affected rows", async () => {
    const select = "select id, name, seen_at, data from things where id = any($1::int[]) order by id";
    expect(await client.query(select, [[1, 2]])).toMatchObject({ rows: (await pglite.query(select, [[1, 2]])).rows });
    const [first] = (await client.query<{ seen_at: Date; data: unknown }>(select, [[1]])).rows;
    expect(first!.seen_at).toEqual(new Date("2026-12-07T10:00:00Z"));
    expect(first!.data).toEqual({ a: 1 });

    const updated = await client.query("update things set name = name where id >= $1", [1]);
    expect(updated.affectedRows).toBe(2);
  });

  it("serialises parameters by their type: dates, JSON, nulls and text", async () => {
    const { rows } = await client.query<{ at: Date; a: string; nothing: null; echo: string }>(
      "select $1::timestamptz as at, ($2::jsonb)->>'a' as a, $3::text as nothing, $4::text as echo",
      [new Date("2026-01-02T03:04:05Z"), { a: "x" }, null, "l'été"],
    );
    expect(rows[0]).toEqual({ at: new Date("2026-01-02T03:04:05Z"), a: "x", nothing: null, echo: "l'été" });
  });

  it("prepares a statement once and keeps at most its limit, closing the least recently used", async () => {
    for (const id of [1, 2, 1]) await client.query("select name from things where id = $1", [id]);
    expect(client.prepared).toBe(1);
    await client.query("select id from things where name = $1", ["one"]);
    await client.query("select count(*)::int as n from things where id > $1", [0]);
    expect(client.prepared).toBe(2);
    // The first one was closed; asked again, it is prepared again and still answers.
    expect((await client.query("select name from things where id = $1", [2])).rows).toEqual([{ name: "two" }]);
    expect(client.prepared).toBe(2);
  });

  it("throws Postgres's error with its code, and the session goes on; a transaction still rolls back", async () => {
    const insert = "insert into things (id, name) values ($1, $2)";
    await expect(client.query(insert, [1, "again"])).rejects.toMatchObject({ code: "23505" });
    expect((await client.query("select name from things where id = $1", [1])).rows).toEqual([{ name: "one" }]);

    await pglite.query("begin");
    await client.query(insert, [3, "three"]);
    await expect(client.query(insert, [3, "three"])).rejects.toMatchObject({ code: "23505" });
    await pglite.query("rollback");
    expect((await client.query("select count(*)::int as n from things where id = $1", [3])).rows).toEqual([{ n: 0 }]);
  });

  it("prepares a statement again when its table changed shape after it was prepared", async () => {
    const select = "select * from things where id = $1";
    expect(Object.keys((await client.query(select, [1])).rows[0]!)).toEqual(["id", "name", "seen_at", "data"]);
    await pglite.exec("alter table things add column note text default 'n'");
    expect((await client.query(select, [1])).rows[0]).toMatchObject({ id: 1, note: "n" });
    await pglite.exec("alter table things drop column note");
  });

  it("sends statements without parameters as they are, without preparing them", async () => {
    expect((await client.query("select 41 + 1 as answer")).rows).toEqual([{ answer: 42 }]);
    expect(client.prepared).toBe(0);
  });
});
