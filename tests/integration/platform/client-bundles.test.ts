import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import packageJson from "../../../package.json";
import { TEST_TMP } from "../../support/template";

/**
 * Issue 15, release hygiene: what the browser downloads holds no secret and no server-only code.
 *
 * The app is built here (the same `remix build`, into a folder of its own: remix.config.js,
 * REMIX_OUTPUT_DIR) with canary secrets in its environment, then every file under its public/build is
 * read: no canary, nothing shaped like a key or a database URL, no `process.env` but NODE_ENV. The
 * compiler's metafile says which modules went into the browser bundles: no `.server` module (only the
 * empty stand-ins the compiler puts in their place), no server-only package, no Node built-in.
 * tests/unit/platform/server-only-imports.test.ts checks the other side: that browser code reads no
 * value from a `.server` module (it would be undefined there).
 */

const OUTPUT = join(resolve(TEST_TMP), `bundle-scan-${process.pid}`);

const CANARIES = {
  APP_SECRET: `canary-app-secret-${randomBytes(12).toString("hex")}`,
  RESEND_API_KEY: `re_Canary${randomBytes(6).toString("hex")}_${randomBytes(12).toString("hex")}`,
  RESEND_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
  DATABASE_URL: `postgresql://alumni:canary-db-password-${randomBytes(6).toString("hex")}@db.internal:5432/alumni`,
};

/** Shapes of secrets that must never reach a browser, whoever's they are. */
const SECRET_SHAPES: [string, RegExp][] = [
  ["a Resend API key", /(?<![A-Za-z0-9_])re_[A-Za-z0-9]{6,}_[A-Za-z0-9]{16,}/],
  ["a webhook signing secret", /whsec_[A-Za-z0-9+/]{16,}/],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["a database URL", /postgres(ql)?:\/\/[^\s"'`]+/],
  ["an AWS access key", /\bAKIA[0-9A-Z]{16}\b/],
];

/**
 * Packages that only the server may load: the database and its drivers, the job queue, password
 * hashing, email sending and rendering, the HTTP server, logging, webhook signatures, rate limits,
 * feed parsing, archives and CSV files, sentiment. A component importing one by mistake would ship it.
 */
const SERVER_ONLY_PACKAGES = [
  "@electric-sql/pglite",
  "@node-rs/argon2",
  "@react-email/components",
  "@react-email/render",
  "@remix-run/express",
  "@remix-run/node",
  "@remix-run/serve",
  "express",
  "feedsmith",
  "fflate",
  "kysely",
  "kysely-pglite-dialect",
  "papaparse",
  "pg",
  "pg-boss",
  "pino",
  "proxy-addr",
  "rate-limiter-flexible",
  "resend",
  "standardwebhooks",
  "tinyld",
  "undici",
];

const NODE_BUILTINS = /^(node:)?(crypto|fs|fs\/promises|path|child_process|net|tls|http|https|http2|os|worker_threads|zlib|stream|dns|cluster|vm)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The package a module path of the metafile comes from ("node_modules/@scope/name/x.js" → "@scope/name"). */
function packageOf(input: string): string | null {
  const after = input.split("node_modules/").pop();
  if (after === input || !after) return null;
  const parts = after.split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

let files: { path: string; text: string }[] = [];
let bundledInputs: string[] = [];

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...CANARIES, NODE_ENV: "production", REMIX_OUTPUT_DIR: OUTPUT };
  await promisify(execFile)(process.execPath, [resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], { env, maxBuffer: 16 * 1024 * 1024 });
  files = filesUnder(join(OUTPUT, "public/build")).map((path) => ({ path: path.slice(OUTPUT.length + 1), text: readFileSync(path, "utf8") }));
  const metafile = JSON.parse(readFileSync(join(OUTPUT, "build/metafile.js.json"), "utf8")) as { inputs: Record<string, unknown> };
  bundledInputs = Object.keys(metafile.inputs);
}, 120_000);

afterAll(() => rmSync(OUTPUT, { recursive: true, force: true }));

describe("the client bundles", () => {
  it("were built: the entry, the root and every route's chunk", () => {
    expect(files.some((file) => /^public\/build\/entry\.client-[A-Z0-9]+\.js$/.test(file.path))).toBe(true);
    expect(files.filter((file) => file.path.startsWith("public/build/routes/")).length).toBeGreaterThan(80);
    expect(bundledInputs.length).toBeGreaterThan(500);
  });

  it("hold none of the secrets the build's environment had", () => {
    const found = files.flatMap((file) =>
      Object.entries(CANARIES)
        .filter(([, value]) => file.text.includes(value) || file.text.includes(value.slice(-20)))
        .map(([name]) => `${file.path} holds ${name}`),
    );
    expect(found).toEqual([]);
  });

  it("hold nothing shaped like a key, a private key or a database URL", () => {
    const found = files.flatMap((file) =>
      SECRET_SHAPES.filter(([, shape]) => shape.test(file.text)).map(([what, shape]) => `${file.path} holds ${what}: ${shape.exec(file.text)![0].slice(0, 40)}…`),
    );
    expect(found).toEqual([]);
  });

  it("read no environment variable but NODE_ENV (which the compiler replaces)", () => {
    const found = files.flatMap((file) => [...file.text.matchAll(/process\.env(\.[A-Za-z_]+|\[)/g)].map((match) => `${file.path}: ${match[0]}`));
    expect(found).toEqual([]);
  });

  it("contain no server-only module: only the compiler's empty stand-ins for .server files, no server package, no Node built-in", () => {
    for (const name of SERVER_ONLY_PACKAGES) expect(Object.keys(packageJson.dependencies), name).toContain(name);
    const serverFiles = bundledInputs.filter((input) => /\.server(\.[jt]sx?)?$/.test(input) && !input.startsWith("empty-module:"));
    const serverPackages = bundledInputs.filter((input) => SERVER_ONLY_PACKAGES.includes(packageOf(input) ?? ""));
    const builtins = bundledInputs.filter((input) => NODE_BUILTINS.test(input.replace(/^[a-z-]+:(?=node:)/, "")));
    expect({ serverFiles, serverPackages, builtins }).toEqual({ serverFiles: [], serverPackages: [], builtins: [] });
    // The stand-ins are there: the compiler did replace the .server modules that routes import.
    expect(bundledInputs.filter((input) => input.startsWith("empty-module:") && input.endsWith(".server")).length).toBeGreaterThan(20);
  });

  it("contain no code of the server's packages, found by their own words", () => {
    // In case a package reached the bundle under another path than node_modules/<name>.
    const markers: [string, RegExp][] = [
      ["pg's protocol", /SCRAM-SHA-256/],
      ["pg-boss", /pgboss\.job/],
      ["argon2", /argon2id\$v=19|@node-rs\/argon2/],
      ["Kysely's query builder", /InsertQueryBuilder|kysely/i],
      ["Node's crypto module", /require\(["'](node:)?crypto["']\)|from ?["']node:/],
      ["Resend's client", /api\.resend\.com/],
      ["pino", /pino\.transport|"pino"/],
    ];
    const found = files.flatMap((file) => markers.filter(([, marker]) => marker.test(file.text)).map(([what]) => `${file.path} holds ${what}`));
    expect(found).toEqual([]);
  });
});
