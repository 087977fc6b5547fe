import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import packageLock from "../../../package-lock.json";

/**
 * `npm run audit` (scripts/audit.ts) reads `npm audit`'s answer for what it is. npm audit runs for
 * real, on the real package-lock.json, against a local stand-in for the registry's bulk advisory
 * endpoint (npm_config_registry): the endpoint refusing the request (as it does from the build
 * machine), answering no advisory, or a high one for a package of the lockfile.
 */

type Answer = { status: number; body: unknown };
type LockEntry = { version?: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };

/**
 * npm reads the packuments of a package with an advisory and of what depends on it (to say whether
 * a fix exists): built from package-lock.json, with each installed version and its dependencies.
 */
function packumentOf(name: string) {
  const versions: Record<string, unknown> = {};
  for (const [path, entry] of Object.entries((packageLock as { packages: Record<string, LockEntry> }).packages)) {
    if (!path.endsWith(`node_modules/${name}`) || !entry.version) continue;
    const { dependencies, peerDependencies, optionalDependencies } = entry;
    versions[entry.version] = { name, version: entry.version, dependencies, peerDependencies, optionalDependencies };
  }
  const latest = Object.keys(versions).sort().pop();
  return latest ? { name, "dist-tags": { latest }, versions } : null;
}

let answer: Answer = { status: 200, body: {} };
let asked: string[] = [];
let server: Server;
let registry: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => {
      const packument = req.method === "GET" ? packumentOf(decodeURIComponent(req.url!.slice(1))) : null;
      if (packument) return void res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(packument));
      res.writeHead(answer.status, { "Content-Type": "application/json" }).end(answer.status === 405 ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

async function runAudit(reply: Answer) {
  answer = reply;
  asked = [];
  const env = { ...process.env, npm_config_registry: registry, npm_config_audit_level: "", npm_config_update_notifier: "false" };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit.ts"], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run audit", { timeout: 60_000 }, () => {
  it("says that nothing was checked, and where the hand check is, when the audit endpoint refuses the request", async () => {
    const run = await runAudit({ status: 405, body: null });
    expect(asked).toContain("POST /-/npm/v1/security/advisories/bulk");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("npm audit could not check the dependencies");
    expect(run.stderr).toContain("405 Method Not Allowed");
    expect(run.stderr).toContain('"Dependency advisories"');
  });

  it("passes with the counts when no advisory is known", async () => {
    const run = await runAudit({ status: 200, body: {} });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("npm audit: 0 critical, 0 high, 0 moderate, 0 low, 0 info.");
  });

  it("fails and names the package and advisory of a high finding", async () => {
    const advisory = {
      id: 1999001,
      url: "https://github.com/advisories/GHSA-test-test-test",
      title: "Prototype pollution in a test advisory",
      severity: "high",
      vulnerable_versions: "<99.0.0",
      cwe: ["CWE-1321"],
      cvss: { score: 7.5, vectorString: null },
    };
    const run = await runAudit({ status: 200, body: { zod: [advisory] } });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/^high: zod /m);
    expect(run.stdout).toContain("Prototype pollution in a test advisory https://github.com/advisories/GHSA-test-test-test");
    // What depends on zod is reported through it.
    expect(run.stdout).toMatch(/^high: @conform-to\/zod .*\(through zod\)$/m);
    expect(run.stdout).toMatch(/npm audit: 0 critical, [1-9]\d* high/);
  });
});
