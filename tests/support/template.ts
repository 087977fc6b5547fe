import { createHash } from "node:crypto";
import { accessSync, constants, cpSync, existsSync, readdirSync, readFileSync, statfsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Where test databases and other scratch folders live: in memory-backed /dev/shm when the machine
 * has it with 1 GiB free, else tests/.tmp (TEST_TMP_DIR chooses). A data folder is 40 MB in 1,200 files, copied for
 * each test file and deleted after it: on disk that cost 0.5 s to copy and up to 3 s to delete on
 * a busy machine, in memory a tenth of that. One folder per checkout, so two checkouts never mix.
 */
function chooseTestTmp(): string {
  if (process.env.TEST_TMP_DIR) return resolve(process.env.TEST_TMP_DIR);
  try {
    accessSync("/dev/shm", constants.W_OK);
    // A container's /dev/shm is often 64 MB: the template, a copy per worker and the started
    // servers' copies need a few hundred.
    const { bavail, bsize } = statfsSync("/dev/shm");
    if (bavail * bsize < 1024 ** 3) throw new Error("/dev/shm has less than 1 GiB free");
    const checkout = createHash("sha256").update(resolve(".")).digest("hex").slice(0, 12);
    return `/dev/shm/alumni-portal-tests-${checkout}`;
  } catch {
    return resolve("tests/.tmp");
  }
}

/** Where test databases live: a migrated PGlite template, copied for a test file in 0.5 s (a new one takes 5 s). */
export const TEST_TMP = chooseTestTmp();
export const TEMPLATE_DIR = join(TEST_TMP, "pglite-template");
const MARKER_NAME = "template.sha256";

/** Names the run's PostgreSQL template database (set by the global setup, inherited by the workers). */
export const PG_TEMPLATE_VARIABLE = "TEST_PG_TEMPLATE_DATABASE";

/**
 * What the template is made of: every migration, and the job queues (the job modules and the queue
 * code, and pg-boss's version). The template is rebuilt when one of them changes.
 */
export function templateFingerprint(): string {
  const hash = createHash("sha256");
  const add = (file: string) => hash.update(file).update(readFileSync(file));
  const filesUnder = (dir: string, keep: (file: string) => boolean) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter(keep)
      .sort()
      .map((file) => join(dir, file));
  filesUnder("db/migrations", (file) => file.endsWith(".ts")).forEach(add);
  filesUnder("app", (file) => /-job\.server\.ts$/.test(file) || (file.startsWith(join("modules", "jobs")) && file.endsWith(".ts"))).forEach(add);
  add("node_modules/pg-boss/package.json");
  return hash.digest("hex");
}

export function templateIsCurrent(): boolean {
  const marker = join(TEMPLATE_DIR, MARKER_NAME);
  return existsSync(marker) && readFileSync(marker, "utf8") === templateFingerprint();
}

export function markTemplateCurrent(dir: string) {
  writeFileSync(join(dir, MARKER_NAME), templateFingerprint());
}

/** A private copy of the template for one test file. */
export function copyTemplate(): string {
  const dir = join(TEST_TMP, `db-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  cpSync(TEMPLATE_DIR, dir, { recursive: true, filter: (src) => !src.endsWith("owner.pid") });
  return dir;
}
