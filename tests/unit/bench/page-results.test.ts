import { baselineRate, failedTargets, formatTable, problemOf, queryFloorLine, ratioTo, type Measured } from "../../../scripts/bench/page-results";

/** The page benchmark's table (scripts/bench/page-results.ts): no server is started here. */

const MINIMAL = "minimal Remix app /bench/ok";

function measured(target: string, overrides: Partial<Measured> = {}): Measured {
  return {
    target,
    requestsPerSecond: 1_600,
    p50Ms: 4,
    p99Ms: 12,
    responses: 16_000,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    cpuMsPerResponse: 0.6,
    bytesPerResponse: 220,
    loadBefore: 1.2,
    loadAfter: 1.5,
    ...overrides,
  };
}

function rowOf(table: string, target: string): string[] {
  const row = table.split("\n").find((line) => line.startsWith(`| ${target} |`));
  if (!row) throw new Error(`no row for ${target} in\n${table}`);
  return row.split("|").slice(1, -1).map((cell) => cell.trim());
}

describe("page benchmark results", () => {
  test("each target's req/s is divided by the minimal Remix app's", () => {
    const baseline = measured(MINIMAL);
    const page = measured("HR /admin", { requestsPerSecond: 400, p50Ms: 24.4, p99Ms: 80, cpuMsPerResponse: 2.345, bytesPerResponse: 38_500 });
    expect(ratioTo([baseline], page)).toBe(0.25);

    const table = formatTable([measured("bare node:http", { requestsPerSecond: 24_000, p50Ms: 0 }), baseline, page], MINIMAL);
    expect(rowOf(table, "bare node:http")).toEqual(["bare node:http", "24,000", "0.0 ms", "12 ms", "0", "15.00×", "0.60 ms", "0.2 KB", "1.20 → 1.50"]);
    expect(rowOf(table, MINIMAL)[5]).toBe("1.00×");
    expect(rowOf(table, "HR /admin")).toEqual(["HR /admin", "400", "24 ms", "80 ms", "0", "0.25×", "2.35 ms", "38 KB", "1.20 → 1.50"]);
    expect(table.split("\n")[0]).toBe(
      "| target | req/s | p50 | p99 | non-2xx | × minimal Remix | server CPU per response | page size | load 1 min before → after |",
    );
  });

  test("a target with any non-2xx response is an error, never a figure", () => {
    // A redirect to /login answers fast: the number would flatter the page.
    const redirected = measured("task owner /tasks", { requestsPerSecond: 5_000, non2xx: 3 });
    const results = [measured(MINIMAL), redirected];

    expect(problemOf(redirected)).toBe("3 non-2xx responses");
    expect(ratioTo([results[0]!], redirected)).toBeNull();
    const row = rowOf(formatTable(results, MINIMAL), "task owner /tasks");
    expect(row.slice(0, 6)).toEqual(["task owner /tasks", "**ERROR**", "", "", "3", "**3 non-2xx responses**"]);
    expect(row.join(" ")).not.toContain("5,000");
    expect(failedTargets(results)).toEqual(["task owner /tasks: 3 non-2xx responses"]);
  });

  test("a server whose CPU time could not be read shows n/a, not a figure", () => {
    const table = formatTable([measured(MINIMAL), measured("HR /admin", { cpuMsPerResponse: null })], MINIMAL);
    expect(rowOf(table, "HR /admin")[6]).toBe("n/a");
  });

  test("connection errors, timeouts and a run without responses are errors too", () => {
    expect(problemOf(measured("a", { errors: 2, timeouts: 1 }))).toBe("2 connection errors, 1 timeouts");
    expect(problemOf(measured("b", { responses: 0 }))).toBe("no response at all");
    expect(problemOf(measured("c"))).toBeNull();
  });

  test("a target refused at its first request is reported with what it answered", () => {
    const refused = { target: "HR /admin", refusal: "answered 302 (Location: /login?redirectTo=%2Fadmin)" };
    const results = [measured(MINIMAL), refused];
    expect(rowOf(formatTable(results, MINIMAL), "HR /admin").slice(0, 6)).toEqual([
      "HR /admin",
      "**ERROR**",
      "",
      "",
      "",
      "**answered 302 (Location: /login?redirectTo=%2Fadmin)**",
    ]);
    expect(failedTargets(results)).toHaveLength(1);
  });

  test("ratios are taken against the mean of the minimal app's runs (first and last)", () => {
    const first = measured(MINIMAL, { requestsPerSecond: 1_800 });
    const last = measured(`${MINIMAL} (again)`, { requestsPerSecond: 1_400 });
    const page = measured("HR /admin", { requestsPerSecond: 800 });
    expect(baselineRate([first, last])).toBe(1_600);
    const table = formatTable([first, page, last], MINIMAL);
    expect(rowOf(table, "HR /admin")[5]).toBe("0.50×");
    expect(rowOf(table, MINIMAL)[5]).toBe("1.13×");
    expect(rowOf(table, `${MINIMAL} (again)`)[5]).toBe("0.88×");
  });

  test("without a clean baseline no ratio is printed", () => {
    const broken = measured(`${MINIMAL} (again)`, { non2xx: 10 });
    const page = measured("HR /admin");
    expect(ratioTo([measured(MINIMAL), broken], page)).toBeNull();
    expect(ratioTo([], page)).toBeNull();
    expect(rowOf(formatTable([measured(MINIMAL), page, broken], MINIMAL), "HR /admin")[5]).toBe("n/a");
  });

  test("says how many queries fit a page's budget at 0.25× on the embedded database, from the minimal app's CPU", () => {
    const results = [measured(MINIMAL, { cpuMsPerResponse: 0.5 }), measured(`${MINIMAL} (again)`, { cpuMsPerResponse: 0.7 }), measured("HR /admin")];
    // Budget: 0.6 ms / 0.25 = 2.4 ms; 2.4 / 0.36 = 6.67 → 6 queries.
    expect(queryFloorLine(results, 0.36, true)).toBe(
      "One query (`select 1` through Kysely, in the benchmark's process): 0.360 ms of CPU. At 0.25× the minimal app (0.60 ms per response) a page has about 2.4 ms in all: at most 6 such queries and nothing else.",
    );
    expect(queryFloorLine(results, 0.05, false)).toBe(
      "One query (`select 1` through Kysely, in the benchmark's process): 0.050 ms of CPU, the client's share only (PostgreSQL's own work is in its processes).",
    );
  });
});
