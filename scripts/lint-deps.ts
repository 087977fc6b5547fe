import { format, type ICruiseResult } from "dependency-cruiser";

/**
 * The second half of `npm run lint:deps`, which pipes dependency-cruiser's JSON result (the rules of
 * .dependency-cruiser.js: layers and domain order, docs/decisions/012-layers-and-domain-order.md)
 * into this script. It prints the violations and exits non-zero on any, and also when the result
 * holds fewer modules than the project has: dependency-cruiser 16 reads TypeScript only with the
 * `typescript` package installed beside it, and without it reports "no violations" over zero modules.
 */

/** Far below the project's ~340 modules, far above what a broken set-up reads (zero). */
const MIN_MODULES = 100;

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const input = Buffer.concat(chunks).toString("utf8");

let result: ICruiseResult;
try {
  result = JSON.parse(input) as ICruiseResult;
} catch {
  console.error("lint:deps: dependency-cruiser gave no result (see its error above).");
  process.exit(1);
}

const report = await format(result, { outputType: "err" });
process.stdout.write(String(report.output));

const modules = result.summary.totalCruised;
if (modules < MIN_MODULES) {
  console.error(`lint:deps: dependency-cruiser read only ${modules} modules (at least ${MIN_MODULES} expected). Is typescript installed beside it (npm ci)?`);
  process.exit(1);
}
process.exit(report.exitCode === 0 ? 0 : 1);
