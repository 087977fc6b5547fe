import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where test databases live: a migrated PGlite template, copied per test file (0.8 s vs ~5 s). */
export const TEST_TMP = resolve("tests/.tmp");
export const TEMPLATE_DIR = join(TEST_TMP, "pglite-template");
const MARKER = join(TEMPLATE_DIR, "migrations.sha256");

/** A fingerprint of every migration file: the template is rebuilt when one changes. */
export function migrationsFingerprint(): string {
  const dir = resolve("db/migrations");
  const hash = createHash("sha256");
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest("hex");
}

export function templateIsCurrent(): boolean {
  return existsSync(MARKER) && readFileSync(MARKER, "utf8") === migrationsFingerprint();
}

export function markTemplateCurrent() {
  writeFileSync(MARKER, migrationsFingerprint());
}

export function resetTemplateDir() {
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  mkdirSync(TEMPLATE_DIR, { recursive: true });
}

/** A private copy of the template for one test file. */
export function copyTemplate(): string {
  const dir = join(TEST_TMP, `db-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  cpSync(TEMPLATE_DIR, dir, { recursive: true, filter: (src) => !src.endsWith("owner.pid") });
  return dir;
}
