/**
 * Paths and URLs as they may appear in a log line: with every secret token replaced by "[token]".
 * A magic link, exit link, set-password or confirmation link copied from a log would sign its
 * reader in (exit links stay valid for weeks), so nothing that logs a path or URL writes it raw.
 */

/**
 * Every route whose URL carries a secret token as its last segment (the `$token` routes in
 * app/routes; tests/unit/platform/redact-url.test.ts fails when a new one is not listed here).
 */
export const TOKEN_ROUTE_PREFIXES = ["/login/magic/", "/exit/link/", "/set-password/", "/confirm-email/", "/unsubscribe/", "/pulse/", "/email-preferences/", "/alumni/data/download/"] as const;

export const REDACTED_TOKEN = "[token]";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Not anchored, and case-insensitive like Remix's route matching: a full URL, "/x/../exit/link/…"
// or "/EXIT/LINK/…" reaches the same route, so it is redacted the same way.
const TOKEN_ROUTE = new RegExp(`(${TOKEN_ROUTE_PREFIXES.map(escape).join("|")})[^/?#]+`, "gi");

/**
 * The shape of every token we issue (32 base32 characters). Redacted wherever it appears, as a
 * second line of defence: inside a percent-encoded redirectTo, after an encoded slash, or in a
 * route added later and not yet listed above.
 */
const TOKEN_SHAPE = /[a-z2-7]{32,}/gi;

/** A query parameter whose name says it carries a secret (token, resetToken, access_token…). */
const SECRET_PARAMETER = /token|secret|code/i;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** The path or URL with tokens replaced; the fragment is dropped (browsers never send it anyway). */
export function redactUrl(url: string): string {
  const withoutFragment = url.split("#", 1)[0]!;
  const queryAt = withoutFragment.indexOf("?");
  const path = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const query = queryAt === -1 ? undefined : withoutFragment.slice(queryAt + 1);
  let redacted = path.replace(TOKEN_ROUTE, (_match, prefix: string) => `${prefix}${REDACTED_TOKEN}`);
  if (query !== undefined) {
    const pairs = query.split("&").map((pair) => {
      const equals = pair.indexOf("=");
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      if (SECRET_PARAMETER.test(safeDecode(name))) return `${name}=${REDACTED_TOKEN}`;
      // A redirectTo may hold a token path, percent-encoded.
      const decoded = safeDecode(value);
      return decoded.replace(TOKEN_ROUTE, "") === decoded ? pair : `${name}=${encodeURIComponent(redactUrl(decoded))}`;
    });
    redacted += `?${pairs.join("&")}`;
  }
  return redacted.replace(TOKEN_SHAPE, REDACTED_TOKEN);
}
