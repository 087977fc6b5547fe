import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { redactUrl, TOKEN_ROUTE_PREFIXES } from "~/modules/platform/redact-url";

/** A value that is not token-shaped, so only the route rule (not the shape rule) can catch it. */
const SECRET = "Secret-Value-1";
const TOKEN = "abcdefghijklmnopqrstuvwxyz234567";

/** "login.magic.$token.tsx" → "/login/magic/:token" (flat routes; "[.]" is a literal dot). */
function urlOf(file: string): string {
  return `/${file
    .replace(/\.(tsx|ts)$/, "")
    .replace(/\[\.\]/g, "\u0001")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => segment.replace(/_$/, "").replace(/\u0001/g, "."))
    .join("/")}`;
}

describe("redactUrl", () => {
  it("knows every route whose URL carries a token", () => {
    const tokenRoutes = readdirSync(resolve("app/routes")).filter((file) => /\$token\./.test(file));
    expect(tokenRoutes.length).toBeGreaterThanOrEqual(4);
    for (const file of tokenRoutes) {
      const path = urlOf(file).replace(/\$\w+/, SECRET);
      const redacted = redactUrl(path);
      expect(redacted, `${file}: add its prefix to TOKEN_ROUTE_PREFIXES`).not.toContain(SECRET);
      expect(redacted).toContain("[token]");
    }
  });

  it("redacts every known route, in full URLs and whatever the case, and keeps the rest", () => {
    for (const prefix of TOKEN_ROUTE_PREFIXES) {
      expect(redactUrl(`${prefix}${SECRET}`)).toBe(`${prefix}[token]`);
      expect(redactUrl(`https://alumni.example.com${prefix.toUpperCase()}${SECRET}?x=1`)).not.toContain(SECRET);
    }
    expect(redactUrl("/admin/departures/0b3c4d5e-1111-4222-8333-944455556666?q=ada")).toBe(
      "/admin/departures/0b3c4d5e-1111-4222-8333-944455556666?q=ada",
    );
  });

  it("redacts query parameters that carry secrets, and token paths inside a redirectTo", () => {
    expect(redactUrl(`/login?token=${SECRET}&next=1`)).toBe("/login?token=[token]&next=1");
    expect(redactUrl(`/x?access_token=${SECRET}`)).not.toContain(SECRET);
    expect(redactUrl(`/login?redirectTo=${encodeURIComponent(`/exit/link/${SECRET}`)}`)).not.toContain(SECRET);
  });

  it("redacts anything shaped like one of our tokens, wherever it is", () => {
    expect(redactUrl(`/exit%2Flink%2F${TOKEN}`)).not.toContain(TOKEN);
    expect(redactUrl(`/somewhere/new/${TOKEN}`)).toBe("/somewhere/new/[token]");
    expect(redactUrl(`/x#${TOKEN}`)).toBe("/x");
  });
});
