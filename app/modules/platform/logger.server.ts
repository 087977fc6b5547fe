import pino from "pino";

/**
 * Structured JSON logs (one object per line). LOG_LEVEL is read directly here, not through the env
 * schema, so that logging works even while the configuration is being reported as invalid.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "alumni-portal" },
  redact: {
    paths: ["req.headers.cookie", "req.headers.authorization", "*.password", "*.token"],
    censor: "[redacted]",
  },
});
