import type { IncomingHttpHeaders } from "node:http";
import { Webhook } from "standardwebhooks";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import type { ReceivedWebhook } from "../../fakes/webhook-receiver";

/** Runs every delivery attempt that is due now (the first attempts; retries wait for their time). */
export function deliverDue() {
  return runQueuedJobs(["webhook-delivery"]);
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
}

/** The payload, once the same library's verifier has accepted the signature on the raw body (it throws otherwise). */
export function verified(secret: string, request: ReceivedWebhook) {
  return new Webhook(secret).verify(request.body, plainHeaders(request.headers)) as { type: string; version: number; timestamp: string; data: Record<string, unknown> };
}
