import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { migrations } from "../../../db/migrations/index";
import { createMigration, MIGRATION_FILE, MigrationNameError } from "../../../scripts/migration-new";

/**
 * The migrator reads the in-code list in db/migrations/index.ts, not the folder: a file left out of
 * the list would never run, and one listed out of order would run at the wrong time.
 */
const MIGRATIONS_DIR = resolve("db/migrations");

function migrationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file !== "index.ts")
    .sort();
}

describe("the list of migrations", () => {
  it("names every file of db/migrations, in the order of their timestamps, and nothing else", () => {
    const files = migrationFiles(MIGRATIONS_DIR);
    for (const file of files) expect(file).toMatch(MIGRATION_FILE);
    expect(Object.keys(migrations)).toEqual(files.map((file) => file.replace(/\.ts$/, "")));
  });

  it("maps each name to that file's module, with an up() to run", async () => {
    for (const [name, migration] of Object.entries(migrations)) {
      const module: unknown = await import(`../../../db/migrations/${name}.ts`);
      expect(migration, name).toBe(module);
      expect(typeof migration.up, name).toBe("function");
    }
  });
});

describe("npm run migration:new", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const listed = (indexSource: string) => [...indexSource.matchAll(/^ {2}"([^"]+)": (\w+),$/gm)].map((m) => [m[1], m[2]]);

  it("creates a dated file with up and down and lists it last in index.ts", () => {
    const file = createMigration({ dir, name: "alumni phone", now: new Date("2030-01-02T03:04:59Z") });
    expect(file).toBe("2030-01-02T0304_alumni_phone.ts");
    const source = readFileSync(join(dir, file), "utf8");
    expect(source).toMatch(/export async function up\(db: Kysely<any>\)/);
    expect(source).toMatch(/export async function down\(db: Kysely<any>\)/);

    const index = readFileSync(join(dir, "index.ts"), "utf8");
    expect(index).toContain('import * as alumniPhone from "./2030-01-02T0304_alumni_phone";');
    const entries = listed(index);
    expect(entries.at(-1)).toEqual(["2030-01-02T0304_alumni_phone", "alumniPhone"]);
    // Every other entry is kept, in order, and the list still matches the folder.
    expect(entries.slice(0, -1).map(([name]) => name)).toEqual(Object.keys(migrations));
    expect(entries.map(([name]) => `${name}.ts`)).toEqual(migrationFiles(dir));
  });

  it("dates the new file after the last one when the clock says otherwise (two in the same minute)", () => {
    const last = Object.keys(migrations).at(-1)!;
    const first = createMigration({ dir, name: "first", now: new Date("2020-01-01T00:00:00Z") });
    const second = createMigration({ dir, name: "second", now: new Date("2020-01-01T00:00:00Z") });
    expect(first > `${last}.ts`).toBe(true);
    expect(second > first).toBe(true);
    expect(listed(readFileSync(join(dir, "index.ts"), "utf8")).map(([name]) => `${name}.ts`)).toEqual(migrationFiles(dir));
  });

  it.each([
    ["no name", undefined, /Give the migration a name/],
    ["a name with punctuation", "drop users!", /letters, digits and underscores/],
    ["a name that starts with a digit", "2fa", /start with a letter/],
    ["a name already used", "email_secret_links", /already exists/],
  ])("refuses %s, saying what to do, and changes nothing", (_label, name, message) => {
    const before = readFileSync(join(dir, "index.ts"), "utf8");
    expect(() => createMigration({ dir, name })).toThrow(MigrationNameError);
    expect(() => createMigration({ dir, name })).toThrow(message);
    expect(readFileSync(join(dir, "index.ts"), "utf8")).toBe(before);
    expect(migrationFiles(dir)).toEqual(migrationFiles(MIGRATIONS_DIR));
  });

  it("is the npm script's entry point, which answers a bad name with exit code 2 and the reason", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["migration:new"]).toBe("tsx scripts/migration-new.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/migration-new.ts", "bad name!"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("letters, digits and underscores");
    expect(migrationFiles(MIGRATIONS_DIR)).toEqual(Object.keys(migrations).map((name) => `${name}.ts`));
  });
});
