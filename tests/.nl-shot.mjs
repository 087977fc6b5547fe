import { chromium } from "playwright-core";
const base = "http://localhost:3191";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(base + "/login");
await page.fill('input[name="email"]', "hr@example.com");
await page.fill('input[name="password"]', "demo-password");
await page.waitForTimeout(1500);
await page.click('button:has-text("Sign in")');
await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15000 });
await page.goto(base + "/admin/newsletter");
await page.screenshot({ path: "/work/shots/nl-list.png", fullPage: true });
const links = await page.$$eval('a[href^="/admin/newsletter/"]', (as) => as.map((a) => a.getAttribute("href")));
console.log(links);
let draft = process.argv[2] && process.argv[2] !== "new" ? process.argv[2] : links.find((l) => /^\/admin\/newsletter\/[0-9a-f-]{36}$/.test(l));
if (!draft || process.argv[2] === "new") {
  await page.goto(base + "/admin/newsletter/new");
  await page.locator("main input[type=text], main input:not([type])").first().fill("Alumni news — December");
  await page.locator("main button[type=submit]").last().click();
  await page.waitForURL(/\/admin\/newsletter\/[0-9a-f-]{36}$/);
  draft = new URL(page.url()).pathname;
  console.log("created", draft);
}
await page.goto(base + draft);
await page.screenshot({ path: "/work/shots/nl-compose.png", fullPage: true });
await page.goto(base + draft + "/send");
await page.screenshot({ path: "/work/shots/nl-send.png", fullPage: true });
if (process.argv[3] === "send") {
  await page.click('button:has-text("Send now")');
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "/work/shots/nl-sending.png", fullPage: true });
  await page.waitForTimeout(8000);
  await page.screenshot({ path: "/work/shots/nl-sent.png", fullPage: true });
  await page.goto(base + draft + "/results");
  await page.screenshot({ path: "/work/shots/nl-results.png", fullPage: true });
}
await browser.close();
