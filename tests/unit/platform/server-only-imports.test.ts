import { readdirSync, readFileSync } from "node:fs";
import { findServerOnlyReferences } from "../../support/server-only-references";

/**
 * Browser code never reads a value from a `.server` module: the classic compiler empties those
 * modules in the browser bundle without a warning, so the value is undefined there (a magic-link
 * message said "for minutes" and React reported hydration errors). Values a component needs come
 * through the loader. Every non-server module under app/ is checked; route modules may use server
 * values in their loader, action and headers only.
 */

const APP_FILES = readdirSync("app", { recursive: true, encoding: "utf8" })
  .map((file) => file.replaceAll("\\", "/"))
  .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.server\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
  .map((file) => `app/${file}`);

function isRoute(file: string) {
  return file.startsWith("app/routes/") || file === "app/root.tsx";
}

function referencesIn(source: string, options = { isRoute: true }) {
  return findServerOnlyReferences("app/routes/example.tsx", source, options).map((r) => `${r.name} via ${r.reachedFrom}`);
}

describe("values from server-only modules", () => {
  it("are read by no component, meta, handle or other browser code in app/", () => {
    expect(APP_FILES).toContain("app/root.tsx");
    expect(APP_FILES.filter(isRoute).length).toBeGreaterThan(40);
    const found = APP_FILES.flatMap((file) =>
      findServerOnlyReferences(file, readFileSync(file, "utf8"), { isRoute: isRoute(file) }).map(
        (r) => `${file}:${r.line} reads ${r.name} from ${r.from} (reached from ${r.reachedFrom}): pass it through the loader`,
      ),
    );
    expect(found).toEqual([]);
  });
});

describe("the server-only reference check", () => {
  const imports = `import { LIMIT, load } from "~/modules/x.server";\nimport type { Row } from "~/modules/y.server";\n`;

  it("reports a server value rendered by the component", () => {
    const source = `${imports}
      export async function loader() { return load(); }
      export default function Page() { return <p>{LIMIT}</p>; }`;
    expect(referencesIn(source)).toEqual(["LIMIT via default"]);
  });

  it("reports a server value reached through a helper the component calls, or in shorthand and meta", () => {
    const source = `${imports}
      const wording = (n: number) => ({ n, LIMIT });
      export const meta = () => [{ title: String(load) }];
      export default function Page() { return <p>{wording(1).n}</p>; }`;
    expect(referencesIn(source).sort()).toEqual(["LIMIT via default", "load via meta"]);
  });

  it("reports any export of a module that is not a route, and code that runs when the module loads", () => {
    expect(referencesIn(`${imports}\nexport function helper() { return LIMIT; }`, { isRoute: false })).toEqual(["LIMIT via helper"]);
    expect(referencesIn(`${imports}\nexport const loader = () => LIMIT;`, { isRoute: false })).toEqual(["LIMIT via loader"]);
    expect(referencesIn(`${imports}\nconsole.log(LIMIT);`)).toEqual(["LIMIT via top-level statement on line 4"]);
    expect(referencesIn(`${imports}\nexport { LIMIT };`)).toEqual(["LIMIT via LIMIT"]);
  });

  it("accepts server values in the loader, action and headers, type-only uses and shadowing locals", () => {
    const source = `${imports}
      const cap = () => LIMIT;
      export async function loader() { return { limit: cap(), rows: (await load()) as Row[] }; }
      export const action = async () => LIMIT;
      export function headers() { return { "X-Limit": String(LIMIT) }; }
      export default function Page() {
        const LIMIT = 3;
        const data = useLoaderData<typeof loader>();
        const rows: Row[] = [];
        return <p title={String(rows.length)}>{data.limit}{LIMIT}</p>;
      }`;
    expect(referencesIn(source)).toEqual([]);
  });
});
