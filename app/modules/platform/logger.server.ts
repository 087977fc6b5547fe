import pino, { type DestinationStream, type Logger } from "pino";
import { redactUrl } from "./redact-url";

/**
 * Structured JSON logs (one object per line). LOG_LEVEL is read directly here, not through the env
 * schema, so that logging works even while the configuration is being reported as invalid.
 *
 * Nothing secret or personal may reach a log line (DESIGN.md, "Secrets"; docs/decisions/011):
 * - paths and URLs are logged through redactUrl (tokens become "[token]");
 * - every logged object goes through `scrubLogObject`, which drops the values a database error carries: PGlite
 *   attaches the query's parameters (`params`), pg puts row values in `detail` ("Key (email)=(…)")
 *   and quotes bad input in its message ("invalid input syntax for type uuid: \"…\"").
 */

/** Properties of an error (or its causes) whose values are the request's data, never logged. */
const DATA_PROPERTIES = new Set(["params", "parameters", "values", "queryOptions", "detail", "body", "input"]);
const REDACTED = "[redacted]";

/** The input PostgreSQL quotes at the end of some messages: `…for type uuid: "the value"`. */
const QUOTED_INPUT = /(:\s*)"(?:[^"\\]|\\.)*"\s*$/;

function isDatabaseError(error: Record<string, unknown>): boolean {
  return typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code) && "severity" in error;
}

function scrub(value: unknown, depth: number): unknown {
  if (value instanceof Error) return scrub(pino.stdSerializers.err(value), depth);
  if (value === null || typeof value !== "object" || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const source = value as Record<string, unknown>;
  const database = isDatabaseError(source);
  const result: Record<string, unknown> = {};
  for (const [key, nested] of Object.entries(source)) {
    if (DATA_PROPERTIES.has(key)) {
      result[key] = REDACTED;
    } else if (key === "url" || key === "path") {
      result[key] = typeof nested === "string" ? redactUrl(nested) : nested;
    } else if (database && key === "message" && typeof nested === "string") {
      result[key] = nested.replace(QUOTED_INPUT, `$1${REDACTED}`);
    } else if (database && key === "stack" && typeof nested === "string") {
      const [first = "", ...rest] = nested.split("\n");
      result[key] = [first.replace(QUOTED_INPUT, `$1${REDACTED}`), ...rest].join("\n");
    } else {
      result[key] = scrub(nested, depth + 1);
    }
  }
  return result;
}

/**
 * Every logged object, at any depth, whatever its key: an error anywhere is serialised (pino's
 * serializer: type, message, stack, cause…) and its data values taken out; a `url` or `path`
 * anywhere loses its tokens.
 */
export function scrubLogObject<T extends object>(object: T): T {
  return scrub(object, 0) as T;
}

/**
 * Where log lines go: stdout, unless a test routes them elsewhere. Held on globalThis because the
 * process holds two copies of this module (the server's, loaded by tsx, and the one bundled into the
 * Remix build); both must write through the same sink and honour the same level.
 */
const SHARED = Symbol.for("alumni-portal.logging");

interface SharedLogging {
  logger: Logger;
  sink: DestinationStream | null;
}

function createLogger(shared: { sink: DestinationStream | null }): Logger {
  const stdout = pino.destination({ dest: 1, sync: false });
  const destination: DestinationStream = { write: (line: string) => (shared.sink ?? stdout).write(line) };
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      base: { service: "alumni-portal" },
      formatters: { log: scrubLogObject },
      redact: {
        paths: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.token", "*.params", "*.parameters"],
        censor: REDACTED,
      },
    },
    destination,
  );
}

function sharedLogging(): SharedLogging {
  const global = globalThis as { [SHARED]?: SharedLogging };
  if (!global[SHARED]) {
    const shared: SharedLogging = { sink: null, logger: undefined as unknown as Logger };
    shared.logger = createLogger(shared);
    global[SHARED] = shared;
  }
  return global[SHARED];
}

export const logger: Logger = sharedLogging().logger;

/** Tests: send every log line to `sink` (null: back to stdout). */
export function routeLogsTo(sink: DestinationStream | null) {
  sharedLogging().sink = sink;
}
