import fc from "fast-check";

/**
 * Hostile input for the input fuzzer (tests/integration/platform/input-fuzz.test.ts): field values,
 * ways to damage a form submission, and whole bodies that are not what a route expects.
 *
 * Every value that is markup carries `data-fuzz`, so a page that renders one unescaped is found by
 * looking for the marker (`RAW_MARKUP`), whatever field or page it went through.
 */

/**
 * Raw markup a page must never contain: the markers below as tags (the marker is each tag's first
 * attribute, so escaped text inside another attribute does not match), or a script URL as a link.
 */
export const RAW_MARKUP = /<(?:script|img|svg|iframe|a)\s+data-fuzz|(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i;

/** A spreadsheet formula with a marker: a CSV export must neutralise it (a leading `'`). */
export const FORMULA_MARKER = '=HYPERLINK("https://fuzz.invalid/'; // a cell starting with this runs in Excel

const MARKUP = [
  '<script data-fuzz="1">alert(1)</script>',
  '"><img data-fuzz="2" src=x onerror=alert(2)>',
  "'><svg data-fuzz=\"3\" onload=alert(3)>",
  '</textarea><script data-fuzz="4">alert(4)</script>',
  '</title><iframe data-fuzz="5" src="about:blank"></iframe>',
  "javascript:alert(6)",
  " JaVaScRiPt:alert(7)",
  '<a data-fuzz="8" href="javascript:alert(8)">x</a>',
  "{{constructor.constructor('alert(9)')()}}",
  "${alert(10)}",
];

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "1; SELECT pg_sleep(0) --",
  "\\'; --",
  "%' AND 1=1 --",
  "1 UNION SELECT null, current_user --",
];

const NUMBERS = [
  "-1",
  "0",
  "-0",
  "1.5",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "0x10",
  "99999999999999999999999999999999",
  "9007199254740993",
  "2147483648",
  "-2147483649",
  " 7 ",
  "1,000",
  "٣",
];

const DATES = [
  "2026-13-45",
  "2026-02-30",
  "0000-00-00",
  "31/12/2026",
  "12/31/2026",
  "2026-12-07T25:61:00Z",
  "99999-01-01",
  "-2026-01-01",
  "2026-1-1",
  "yesterday",
  "1970-01-01",
  "9999-12-31",
];

const TEXT = [
  "",
  " ",
  "\t\r\n",
  "\u0001\u0002\u0007\u001b[31m\u007f",
  "\u202eevil\u202c",
  "\u200b\u200d\ufeff",
  "\u2028\u2029",
  "Z\u0351\u0354\u0317a\u0360\u0331lgo\u0362",
  "🏳️‍🌈👩‍👩‍👧‍👦",
  "\ud800",
  "İı ß ﬃ",
  "a@b",
  "@@",
  `${"x".repeat(300)}@example.com`,
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  "../../../etc/passwd",
  "https://evil.example/%0d%0aSet-Cookie:x=y",
  "//evil.example",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  "__proto__",
  `${FORMULA_MARKER}")`,
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
];

/** Invalid UTF-8, as percent escapes (urlencoded) or raw bytes (multipart): the parser must not choke. */
export const INVALID_UTF8 = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82])];

/** A field value: text, or bytes that are not UTF-8. */
export type HostileValue = string | Buffer;

export const hostileValue: fc.Arbitrary<HostileValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 2, arbitrary: fc.constantFrom(...SQL) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...DATES) },
  { weight: 3, arbitrary: fc.constantFrom(...TEXT) },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_UTF8) },
  { weight: 1, arbitrary: fc.constant("\u0000") },
  // Long: past any column's limit, well under the 1 MiB body limit.
  { weight: 1, arbitrary: fc.constantFrom(10_000, 100_000).map((n) => `${MARKUP[0]}${"é".repeat(n)}`) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...MARKUP), fc.string({ maxLength: 8 })).map(([markup, rest]) => `${rest}${markup}${rest}`) },
);

/** What happens to one field of a form. */
export type FieldMutation =
  | { kind: "keep" }
  | { kind: "replace"; value: HostileValue }
  | { kind: "missing" }
  /** Sent twice, the second time hostile: an array where a scalar is expected. */
  | { kind: "duplicate"; value: HostileValue }
  | { kind: "append"; value: HostileValue };

export const fieldMutation: fc.Arbitrary<FieldMutation> = fc.oneof(
  { weight: 5, arbitrary: hostileValue.map((value) => ({ kind: "replace" as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: "missing" as const }) },
  { weight: 2, arbitrary: hostileValue.map((value) => ({ kind: "duplicate" as const, value })) },
  { weight: 1, arbitrary: hostileValue.map((value) => ({ kind: "append" as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: "keep" as const }) },
);

/**
 * How to damage a form, independent of the form (which is only known once its page is read):
 * which form and submit button, one field or all of them, the mutations, unknown extra fields,
 * and the encoding.
 */
export interface FormPlan {
  form: number;
  button: number;
  /** One field hostile and the rest as served, or every field mutated at once. */
  scope: { one: number } | "all";
  mutations: FieldMutation[];
  extras: [string, HostileValue][];
  encoding: "urlencoded" | "multipart";
}

export const formPlan: fc.Arbitrary<FormPlan> = fc.record({
  form: fc.nat(),
  button: fc.nat(),
  scope: fc.oneof(fc.nat().map((one) => ({ one })), fc.constant("all" as const)),
  mutations: fc.array(fieldMutation, { minLength: 1, maxLength: 12 }),
  extras: fc.array(fc.tuple(fc.oneof(fc.constantFrom("intent", "id", "__proto__", "role", "a[b]", "x"), fc.string({ maxLength: 6 })), hostileValue), { maxLength: 2 }),
  encoding: fc.constantFrom("urlencoded", "multipart"),
});

/** A JSON value built to hurt: huge numbers, wrong types, deep nesting, prototype keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileValue.map((value) => (typeof value === "string" ? value : value.toString("latin1"))) },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 0, 1.5, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.array(hostileValue.map(String), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

/** Bytes and a content type that are not the body a route expects. */
export interface RawBody {
  label: string;
  contentType: string | null;
  body: Buffer;
}

const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** 1 MiB and one byte: past every body limit but the CSV upload's. */
const OVERSIZED = 1024 * 1024 + 1;

export const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom<RawBody>(
    { label: "oversized form", contentType: "application/x-www-form-urlencoded", body: Buffer.from(`a=${"x".repeat(OVERSIZED)}`) },
    { label: "deep JSON array", contentType: "application/json", body: Buffer.from(deepArray(100_000)) },
    { label: "deep JSON object", contentType: "application/json", body: Buffer.from(deepObject(20_000)) },
    { label: "malformed JSON", contentType: "application/json", body: Buffer.from('{"a":') },
    { label: "JSON with duplicated keys", contentType: "application/json", body: Buffer.from('{"intent":"save","intent":["x"],"email":1e999}') },
    { label: "JSON as text/plain", contentType: "text/plain", body: Buffer.from('{"intent":"save"}') },
    { label: "XML", contentType: "application/xml", body: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>') },
    { label: "multipart without boundary", contentType: "multipart/form-data", body: Buffer.from("a=b") },
    { label: "malformed multipart", contentType: "multipart/form-data; boundary=zz", body: Buffer.from("--zz\r\nContent-Disposition: form-data\r\n\r\nx") },
    { label: "urlencoded with bad escapes", contentType: "application/x-www-form-urlencoded", body: Buffer.from("intent=%E0%A4%A&x=%ZZ&%=%") },
    { label: "invalid UTF-8 form", contentType: "application/x-www-form-urlencoded", body: Buffer.concat([Buffer.from("intent="), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]) },
    { label: "no content type", contentType: null, body: Buffer.from("intent=save") },
    { label: "charset lie", contentType: "application/x-www-form-urlencoded; charset=utf-16", body: Buffer.from("intent=save", "utf16le") },
  ),
  fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ label: "random bytes as a form", contentType: "application/x-www-form-urlencoded", body: Buffer.from(bytes) })),
  fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ label: "random bytes as JSON", contentType: "application/json", body: Buffer.from(bytes) })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ label: "random JSON", contentType: "application/json", body: Buffer.from(JSON.stringify(value) ?? "null") })),
);

/** Encodes form fields, byte values sent as they are (percent-escaped in a urlencoded body). */
export function encodeForm(fields: [string, HostileValue | Blob][], encoding: "urlencoded" | "multipart"): { body: Buffer; contentType: string } | Promise<{ body: Buffer; contentType: string }> {
  if (encoding === "urlencoded" && fields.every(([, value]) => !(value instanceof Blob))) {
    const escape = (value: HostileValue) =>
      typeof value === "string" ? encodeURIComponent(value.replace(/[\ud800-\udfff]/g, (c, at: number, all: string) => (isPaired(all, at) ? c : "\ufffd"))) : [...value].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
    const body = fields.map(([name, value]) => `${escape(name)}=${escape(value as HostileValue)}`).join("&");
    return { body: Buffer.from(body), contentType: "application/x-www-form-urlencoded" };
  }
  return encodeMultipart(fields);
}

function isPaired(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdbff) return at + 1 < text.length && text.charCodeAt(at + 1) >= 0xdc00 && text.charCodeAt(at + 1) <= 0xdfff;
  return at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff;
}

async function encodeMultipart(fields: [string, HostileValue | Blob][]): Promise<{ body: Buffer; contentType: string }> {
  const boundary = `----fuzz${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  const quote = (name: string) => name.replace(/"/g, "%22").replace(/\r?\n/g, " ");
  for (const [name, value] of fields) {
    if (value instanceof Blob) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="fuzz.csv"\r\nContent-Type: ${value.type || "text/csv"}\r\n\r\n`));
      parts.push(Buffer.from(await value.arrayBuffer()));
    } else {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n`));
      parts.push(typeof value === "string" ? Buffer.from(value) : value);
    }
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
