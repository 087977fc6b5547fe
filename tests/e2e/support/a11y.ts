import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, ElementContext } from "axe-core";
import { chromium, type Page } from "playwright-core";
import { chromiumPath } from "./browser";

/**
 * Automated accessibility checks with axe-core (a devDependency), run inside the page under test.
 *
 * axe's source is evaluated through page.evaluate: the DevTools protocol evaluates it whatever the
 * page's Content-Security-Policy says, where a <script> tag (addScriptTag) would be refused by the
 * nonce-based CSP. Only WCAG 2.x A and AA rules run: what the portal promises.
 *
 * A page in a context with JavaScript turned off cannot run axe: its renderer never runs a promise
 * job, and a timer closes the page. Its DOM (what the server sent, since no script ran) is then
 * checked in a twin page with JavaScript on, at the same address and viewport, without its scripts,
 * so that styles, colours and layout are the same as the person sees them.
 */

export const A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

function loadAxeSource(): string {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/** The part of an axe violation worth reading in a failure message. */
export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

export interface A11yCheckOptions {
  /** Rules to leave out, each with the reason in a comment at the call site. */
  disableRules?: string[];
  /** Parts of the page not to check (CSS selectors). */
  exclude?: string[];
}

/**
 * Whether the page runs script jobs. A microtask queued by one evaluation has run by the next one in
 * a page with JavaScript; without, it stays queued (harmlessly: only a timer would close the page).
 */
async function runsScripts(page: Page): Promise<boolean> {
  await page.evaluate(() => {
    const probe = window as unknown as { __a11yProbe?: boolean };
    probe.__a11yProbe = false;
    queueMicrotask(() => (probe.__a11yProbe = true));
  });
  return page.evaluate(() => (window as unknown as { __a11yProbe?: boolean }).__a11yProbe === true);
}

/** The page's current DOM in a new page with JavaScript on (same address, viewport, no scripts). */
async function withScriptingTwin<T>(page: Page, body: (twin: Page) => Promise<T>): Promise<T> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const address = page.url();
  // A persistent context has no Browser to open a context in: start a short-lived one then.
  const owned = page.context().browser() ? null : await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const browser = page.context().browser() ?? owned!;
  const context = await browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true, locale: "en-US" });
  try {
    const twin = await context.newPage();
    await twin.route((url) => url.href === address, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    await twin.goto(address, { waitUntil: "load" });
    return await body(twin);
  } finally {
    await context.close();
    await owned?.close();
  }
}

/** Runs axe on the page as it is now and returns the WCAG A/AA violations. */
export async function findA11yViolations(page: Page, options: A11yCheckOptions = {}): Promise<A11yViolation[]> {
  if (!(await runsScripts(page))) return withScriptingTwin(page, (twin) => runAxe(twin, options));
  return runAxe(page, options);
}

async function runAxe(page: Page, options: A11yCheckOptions): Promise<A11yViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.evaluate(loadAxeSource());
  const violations = await page.evaluate(
    async ({ tags, disableRules, exclude }) => {
      const axe = (window as unknown as { axe: { run(context: ElementContext, options: object): Promise<AxeResults> } }).axe;
      const context: ElementContext = exclude.length > 0 ? { include: [["html"]], exclude: exclude.map((selector) => [selector]) } : document;
      const results = await axe.run(context, {
        runOnly: { type: "tag", values: tags },
        rules: Object.fromEntries(disableRules.map((rule) => [rule, { enabled: false }])),
        resultTypes: ["violations"],
      });
      return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({
          target: node.target.map(String).join(" "),
          html: node.html.slice(0, 300),
          summary: node.failureSummary ?? "",
        })),
      }));
    },
    { tags: [...A11Y_TAGS], disableRules: options.disableRules ?? [], exclude: options.exclude ?? [] },
  );
  return violations;
}

/** One readable block per violation: rule, impact, what to do, and each element with its selector. */
export function formatA11yViolations(violations: readonly A11yViolation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    at ${node.target}\n      ${node.html}\n      ${node.summary.replace(/\n/g, "\n      ")}`)
        .join("\n");
      return `  - ${violation.id} (${violation.impact ?? "no impact given"}): ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

/**
 * Fails with the list of violations when axe finds any on the page as it is now. `where` names the
 * page in the message (e.g. "the survey page with an error, French phone without JavaScript").
 */
export async function expectNoA11yViolations(page: Page, where: string, options: A11yCheckOptions = {}) {
  const violations = await findA11yViolations(page, options);
  if (violations.length > 0) {
    throw new Error(`axe found ${violations.length} accessibility violation(s) on ${where} (${page.url()}):\n${formatA11yViolations(violations)}`);
  }
}
