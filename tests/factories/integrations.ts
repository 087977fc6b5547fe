import { createApiToken } from "~/modules/integrations/api-tokens.server";
import { unique } from "./sequence";

/** A fresh API token through the integrations domain; returns the secret an HR system would send, and its id. */
export async function issueToken(options: { name?: string; expiresInDays?: number } = {}) {
  const { token, apiToken } = await createApiToken({ name: options.name ?? `Test HRIS ${unique()}`, expiresInDays: options.expiresInDays, createdBy: null });
  return { token, id: apiToken.id };
}
