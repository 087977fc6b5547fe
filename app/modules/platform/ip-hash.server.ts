import { createHmac } from "node:crypto";
import { getAppSecret } from "~/utils/env.server";

/**
 * A client IP as the app keeps it: an HMAC with the app secret, so a stored row can be matched to
 * an IP someone already knows but never read back (a plain hash of the 2^32 IPv4 addresses is
 * reversed in minutes). `purpose` ("consent-ip", "click-ip") makes the same IP hash differently in
 * each table, so two tables cannot be joined on it, and from the rate limiter's key of that IP.
 */
export function keyedIpHash(purpose: string, ip: string): string {
  return createHmac("sha256", getAppSecret()).update(`${purpose}:${ip.trim().toLowerCase()}`).digest("hex");
}
