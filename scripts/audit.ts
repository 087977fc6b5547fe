import { spawnSync } from "node:child_process";

/**
 * `npm run audit`: `npm audit --audit-level=high` on package-lock.json, said plainly.
 * - no high or critical advisory: exit 0, with the counts of the lower ones;
 * - high or critical advisories: each one listed, exit 1;
 * - the registry's audit endpoint did not answer (some networks answer its POST with 405, or not
 *   at all): nothing was checked, and the script says so, points to the hand-checked table in the
 *   README ("Dependency advisories") and exits 2, so that no one takes the silence for a pass.
 */

interface AuditAdvisory {
  title?: string;
  url?: string;
  severity?: string;
  range?: string;
}

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: (AuditAdvisory | string)[]; range?: string; fixAvailable?: unknown }>;
  metadata?: { vulnerabilities?: Record<string, number> };
  /** When the endpoint failed: npm's error, not a report. */
  message?: string;
  statusCode?: number;
  error?: { summary?: string; detail?: string };
}

const SERIOUS = new Set(["high", "critical"]);
const TABLE = 'the README\'s "Dependency advisories" section (advisories checked by hand against package-lock.json)';

function readReport(stdout: string): AuditReport | null {
  try {
    return JSON.parse(stdout) as AuditReport;
  } catch {
    return null;
  }
}

function main(): number {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const run = spawnSync(npm, ["audit", "--audit-level=high", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  const report = readReport(run.stdout ?? "");

  if (!report?.metadata?.vulnerabilities) {
    const reason =
      report?.message ??
      report?.error?.summary ??
      run.error?.message ??
      ((run.stderr ?? "").trim().split("\n").find((line) => /error|warn/i.test(line)) || `npm audit exited with ${run.status}`);
    process.stderr.write(
      [
        "npm audit could not check the dependencies: the registry's audit endpoint refused the request or did not answer.",
        `  npm said: ${reason}`,
        "  Nothing was checked by this run. The last hand check is in " + TABLE + ";",
        "  rerun `npm run audit` where registry.npmjs.org's audit endpoint is reachable.",
        "",
      ].join("\n"),
    );
    return 2;
  }

  const counts = report.metadata.vulnerabilities;
  const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, entry]) => SERIOUS.has(entry.severity));
  for (const [name, entry] of serious) {
    const advisories = entry.via.filter((via): via is AuditAdvisory => typeof via === "object");
    const through = entry.via.filter((via): via is string => typeof via === "string");
    process.stdout.write(`${entry.severity}: ${name} ${entry.range ?? ""}${through.length ? ` (through ${through.join(", ")})` : ""}\n`);
    for (const advisory of advisories) process.stdout.write(`  - ${advisory.title ?? "advisory"} ${advisory.url ?? ""}\n`);
  }
  const summary = ["critical", "high", "moderate", "low", "info"].map((level) => `${counts[level] ?? 0} ${level}`).join(", ");
  process.stdout.write(`npm audit: ${summary}.\n`);
  if (serious.length > 0) {
    process.stdout.write(`High or critical advisories above: fix them, or explain each one in ${TABLE}.\n`);
    return 1;
  }
  return 0;
}

process.exit(main());
