import { checkSameOrigin, contentSecurityPolicy, isLoopbackAddress, securityHeaders } from "~/modules/platform/security.server";

const allowed = ["http://localhost:3000"];

describe("same-origin check for state-changing requests", () => {
  it("lets reads through whatever their origin", () => {
    expect(checkSameOrigin({ method: "GET", path: "/login", origin: "https://evil.example", referer: undefined, allowedOrigins: allowed })).toEqual({ ok: true });
  });

  it("accepts a POST from a page of this site", () => {
    expect(checkSameOrigin({ method: "POST", path: "/login", origin: "http://localhost:3000", referer: undefined, allowedOrigins: allowed }).ok).toBe(true);
  });

  it("refuses a POST from another site", () => {
    const verdict = checkSameOrigin({ method: "POST", path: "/login", origin: "https://evil.example", referer: undefined, allowedOrigins: allowed });
    expect(verdict).toEqual({ ok: false, reason: "foreignOrigin", origin: "https://evil.example" });
  });

  it("refuses a POST that carries neither Origin nor Referer", () => {
    expect(checkSameOrigin({ method: "POST", path: "/logout", origin: undefined, referer: undefined, allowedOrigins: allowed })).toEqual({
      ok: false,
      reason: "noOrigin",
    });
  });

  it("falls back to the Referer when the Origin is missing or opaque", () => {
    expect(checkSameOrigin({ method: "POST", path: "/x", origin: "null", referer: "http://localhost:3000/login?a=1", allowedOrigins: allowed }).ok).toBe(true);
    // Not a URL at all (its port is not a number): no origin to judge by.
    expect(checkSameOrigin({ method: "DELETE", path: "/x", origin: undefined, referer: "http://localhost:3000.evil.example/", allowedOrigins: allowed })).toEqual({
      ok: false,
      reason: "noOrigin",
    });
    expect(checkSameOrigin({ method: "POST", path: "/x", origin: undefined, referer: "https://localhost.evil.example/login", allowedOrigins: allowed })).toEqual({
      ok: false,
      reason: "foreignOrigin",
      origin: "https://localhost.evil.example",
    });
    expect(checkSameOrigin({ method: "POST", path: "/x", origin: undefined, referer: "not a url", allowedOrigins: allowed })).toEqual({ ok: false, reason: "noOrigin" });
  });

  it("accepts a post with an opaque origin when the browser vouches it is same-origin (no-referrer token pages)", () => {
    expect(checkSameOrigin({ method: "POST", path: "/login/magic/t", origin: "null", referer: undefined, secFetchSite: "same-origin", allowedOrigins: allowed }).ok).toBe(true);
  });

  it("refuses a post with an opaque origin that the browser reports as cross-site", () => {
    const verdict = checkSameOrigin({ method: "POST", path: "/login/magic/t", origin: "null", referer: undefined, secFetchSite: "cross-site", allowedOrigins: allowed });
    expect(verdict).toEqual({ ok: false, reason: "crossSite", secFetchSite: "cross-site" });
  });

  it("judges a real Origin header on its own, whatever Sec-Fetch-Site says", () => {
    expect(checkSameOrigin({ method: "POST", path: "/x", origin: "https://evil.example", referer: undefined, secFetchSite: "same-origin", allowedOrigins: allowed }).ok).toBe(false);
  });

  it("exempts endpoints that authenticate themselves", () => {
    for (const path of ["/webhooks/resend", "/api/v1/departures", "/unsubscribe/abc"]) {
      expect(checkSameOrigin({ method: "POST", path, origin: undefined, referer: undefined, allowedOrigins: allowed }).ok).toBe(true);
    }
  });
});

describe("security headers", () => {
  it("allow only scripts carrying this response's nonce and forbid framing", () => {
    const headers = securityHeaders({ nonce: "abc123", path: "/", production: false });
    expect(headers["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc123'");
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("send no referrer from pages whose URL carries a token", () => {
    expect(securityHeaders({ nonce: "n", path: "/login/magic/abc", production: false })["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeaders({ nonce: "n", path: "/set-password/abc", production: false })["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeaders({ nonce: "n", path: "/login", production: false })["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("let a page that shows images from elsewhere add their sources to img-src, and to nothing else", () => {
    const usual = securityHeaders({ nonce: "n", path: "/feed/x", production: false })["Content-Security-Policy"]!;
    expect(contentSecurityPolicy("n")).toBe(usual);
    expect(usual).toContain("img-src 'self' data:;");
    expect(contentSecurityPolicy("n", { extraImageSources: ["https:"] })).toBe(usual.replace("img-src 'self' data:;", "img-src 'self' data: https:;"));
  });

  it("add HSTS in production", () => {
    expect(securityHeaders({ nonce: "n", path: "/", production: true })["Strict-Transport-Security"]).toMatch(/max-age=31536000/);
  });
});

describe("isLoopbackAddress", () => {
  it("accepts this machine's addresses only", () => {
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ["10.0.0.1", "203.0.113.7", "::ffff:10.0.0.1", "fe80::1", "unknown", "1127.0.0.1"]) {
      expect(isLoopbackAddress(address), address).toBe(false);
    }
  });
});
