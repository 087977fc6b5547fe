import { z } from "zod";

/**
 * Every environment variable the portal reads, checked once at start-up.
 * A bad value stops the process with one line per problem that says what to set.
 */
const booleanString = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A comma-separated list of exact host names (allow-lists of internal hosts, docs/decisions/018 and 035). */
function hostList(name: string) {
  return z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter((host) => host.length > 0),
    )
    .pipe(
      z.array(
        z.string().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.:-]+)$/, {
          message: `${name} must list host names such as intranet.example.com, separated by commas (no scheme, port or path)`,
        }),
      ),
    );
}

const baseSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: every interface in production, this machine only otherwise (see withListenDefaults). */
  HOST: z.string().min(1).optional(),
  APP_URL: z.url({ message: "APP_URL must be a full URL such as https://alumni.example.com" }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      message: "DATABASE_URL is not a postgres:// URL; unset it to use the embedded database",
    })
    .optional(),
  DATA_DIR: z.string().default("./.data"),
  APP_SECRET: z.string().optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url().optional(),
  /**
   * The signing secret of the webhook endpoint registered in Resend (https://<APP_URL>/webhooks/resend).
   * Unset: the endpoint answers 503 and Resend retries later.
   */
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, {
      message: "RESEND_WEBHOOK_SECRET must be the webhook's signing secret as Resend shows it (whsec_ followed by base64); unset it to refuse webhooks",
    })
    .optional(),
  EMAIL_FROM: z.string().default("Alumni Portal <alumni@example.com>"),
  /**
   * Requests per second the portal allows itself at Resend, shared by every process (Resend's limit
   * is per team: 2 unless they raised it). 0 turns the limiter off, for a provider without a limit.
   */
  RESEND_RATE_LIMIT_PER_SECOND: z.coerce
    .number({ message: "RESEND_RATE_LIMIT_PER_SECOND must be a number of requests per second, such as 2" })
    .min(0)
    .max(1000)
    .default(2),
  /** Consecutive failed batches after which a newsletter send pauses itself for HR to look. */
  NEWSLETTER_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Batches one worker posts at once (each still waits for the shared rate limit). */
  NEWSLETTER_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /**
   * How long a claimed batch is left to its worker before another may take it over. Short is safe:
   * a second post of the same batch is answered by Resend's idempotency key, never sent twice.
   */
  NEWSLETTER_BATCH_LEASE_SECONDS: z.coerce.number().min(0.5).max(3600).default(60),
  ALLOW_OUTBOX_IN_PRODUCTION: booleanString.default(false),
  /** Run production on the embedded database (PGlite) instead of PostgreSQL: refused unless set (docs/decisions/040). */
  ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: booleanString.default(false),
  RUN_WORKER: booleanString.default(true),
  SEED_DEMO_DATA: booleanString.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: booleanString.default(false),
  COMPANY_NAME: z.string().min(1).default("Acme Corp"),
  /**
   * The company's postal address, printed in every newsletter's footer (anti-spam laws ask for
   * one). A demo address outside production; in production a newsletter is refused without it.
   */
  COMPANY_ADDRESS: z.string().trim().min(1).max(500).optional(),
  COMPANY_TIME_ZONE: z
    .string()
    .default("UTC")
    .refine(isTimeZone, { message: "COMPANY_TIME_ZONE must be an IANA time zone such as Europe/Paris or America/New_York" }),
  COMPANY_LOCALE: z.enum(["en", "fr"], { message: "COMPANY_LOCALE must be en (English) or fr (French)" }).default("en"),
  /**
   * Host names (or IP addresses) of company intranet feeds that may resolve to internal addresses,
   * comma-separated. Every other feed host must resolve to public addresses (docs/decisions/018).
   */
  FEED_ALLOWED_INTERNAL_HOSTS: hostList("FEED_ALLOWED_INTERNAL_HOSTS"),
  /**
   * Host names (or IP addresses) of webhook receivers on the company network that may resolve to
   * internal addresses, comma-separated; they may also be posted to over http. Every other endpoint
   * must resolve to public addresses and, in production, use https (docs/decisions/035).
   */
  WEBHOOK_ALLOWED_INTERNAL_HOSTS: hostList("WEBHOOK_ALLOWED_INTERNAL_HOSTS"),
});

const envSchema = baseSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV !== "production") return;
  for (const [path, message] of unsafeProductionSettings(env)) ctx.addIssue({ code: "custom", path: [path], message });
});

/** The salt outside production (getAppSecret): published in this file, so never a production secret. */
const DEVELOPMENT_SECRET = "development-secret-not-for-production-use";

/** Words of a value copied from documentation rather than generated. */
const PLACEHOLDER = /change.?me|replace.?me|your[-_ ]?(app[-_ ]?)?(secret|key)|placeholder|example|\.\.\.|<[^>]*>/i;

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\./.test(host);
}

/** A secret a person typed or copied (one character repeated, a placeholder), not a random one. */
function looksMadeUp(value: string): boolean {
  return value === DEVELOPMENT_SECRET || PLACEHOLDER.test(value) || new Set(value).size < 8;
}

/**
 * What production refuses to start with, as [variable, what to set] (docs/decisions/040): each one
 * would leave the portal open (a guessable secret, plain http), lose mail silently, or keep ten
 * thousand people's data in a single-process embedded database, and none is caught by anything later.
 */
function unsafeProductionSettings(env: z.infer<typeof baseSchema>): [string, string][] {
  const problems: [string, string][] = [];
  if (!env.APP_SECRET || env.APP_SECRET.length < 32) {
    problems.push(["APP_SECRET", "APP_SECRET must be set to at least 32 random characters in production (for example: openssl rand -hex 32)"]);
  } else if (looksMadeUp(env.APP_SECRET)) {
    problems.push(["APP_SECRET", "APP_SECRET looks like a placeholder or the development value, not a random secret: generate one (openssl rand -hex 32)"]);
  }
  if (!env.APP_URL || !env.APP_URL.startsWith("https://")) {
    problems.push(["APP_URL", "APP_URL must be the public https:// address of the portal in production"]);
  }
  if (!env.RESEND_API_KEY && !env.ALLOW_OUTBOX_IN_PRODUCTION) {
    problems.push([
      "RESEND_API_KEY",
      "RESEND_API_KEY is required in production so that email is delivered; set ALLOW_OUTBOX_IN_PRODUCTION=true to keep mail in the local outbox instead",
    ]);
  }
  if (env.RESEND_API_KEY && (PLACEHOLDER.test(env.RESEND_API_KEY) || env.RESEND_API_KEY.length < 16)) {
    problems.push(["RESEND_API_KEY", "RESEND_API_KEY looks like a placeholder: paste the API key Resend shows (re_…)"]);
  }
  if (env.RESEND_API_KEY && /@example\.(com|org|net)>?$/i.test(env.EMAIL_FROM)) {
    problems.push(["EMAIL_FROM", "EMAIL_FROM must be an address of your domain verified at Resend (such as Alumni <alumni@your-company.com>), not the demo's example.com"]);
  }
  // Only where something travels: with a key, and off this machine (a relay beside the portal may speak http).
  if (env.RESEND_API_KEY && env.RESEND_BASE_URL && !env.RESEND_BASE_URL.startsWith("https://") && !isLoopbackUrl(env.RESEND_BASE_URL)) {
    problems.push(["RESEND_BASE_URL", "RESEND_BASE_URL must be an https:// address in production: the API key and every email travel to it"]);
  }
  if (env.RESEND_WEBHOOK_SECRET && Buffer.from(env.RESEND_WEBHOOK_SECRET.slice("whsec_".length), "base64").byteLength < 24) {
    problems.push(["RESEND_WEBHOOK_SECRET", "RESEND_WEBHOOK_SECRET is too short to be the signing secret Resend shows (whsec_ and 32 or more characters): copy it again from the webhook's page, or unset it"]);
  }
  if (!env.DATABASE_URL && !env.ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION) {
    problems.push([
      "DATABASE_URL",
      "DATABASE_URL is required in production: the embedded database is for trying the portal (one process, no separate worker, backups by copying a folder). Set ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true to run on it anyway",
    ]);
  }
  return problems;
}

/** The newsletter's footer address outside production, when COMPANY_ADDRESS is not set. */
export const DEMO_COMPANY_ADDRESS = "Acme Corp · 1 Example Street · 75001 Paris · France";

/**
 * Outside production the portal holds demo accounts with published passwords: unless HOST says
 * otherwise it listens on this machine only (127.0.0.1), not on every interface.
 */
function withListenDefaults(env: z.infer<typeof envSchema>) {
  return {
    ...env,
    HOST: env.HOST ?? (env.NODE_ENV === "production" ? "0.0.0.0" : "127.0.0.1"),
    COMPANY_ADDRESS: env.COMPANY_ADDRESS ?? (env.NODE_ENV === "production" ? undefined : DEMO_COMPANY_ADDRESS),
  };
}

export type Env = ReturnType<typeof withListenDefaults>;

export class InvalidEnvironmentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

/** Parses an environment object; throws InvalidEnvironmentError listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings from .env files mean "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return withListenDefaults(result.data);
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Used by tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** The secret used to salt hashes (IP addresses); a fixed value outside production. */
export function getAppSecret(): string {
  return getEnv().APP_SECRET ?? DEVELOPMENT_SECRET;
}

/** The base URL used in emails and for Origin checks. */
export function getAppUrl(): string {
  const env = getEnv();
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}
