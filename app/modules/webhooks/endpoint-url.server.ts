import { InternalHostAllowList } from "~/modules/platform/address-policy";
import { BlockedAddressError, checkHostBeforeConnecting, type AddressGuard } from "~/modules/platform/guarded-agent.server";
import { getEnv } from "~/utils/env.server";
import { DomainFailure } from "~/utils/failures";

/**
 * Which endpoint URLs the portal posts to (docs/decisions/035, reusing ADR 018's guard). HR types
 * the URL, so a delivery is a request made on someone's word: it must not reach the portal's machine
 * or the company network. In production only https; outside production http://localhost and
 * http://127.0.0.1 too, for a receiver on the developer's machine. WEBHOOK_ALLOWED_INTERNAL_HOSTS
 * names receivers on the company network, which may resolve to internal addresses and use http.
 */

/** The hosts a developer's own receiver answers on; allowed outside production only. */
const DEVELOPMENT_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** The address guard deliveries connect through, from the environment. */
export function endpointAddressGuard(): AddressGuard {
  const env = getEnv();
  const hosts = [...env.WEBHOOK_ALLOWED_INTERNAL_HOSTS, ...(env.NODE_ENV === "production" ? [] : DEVELOPMENT_HOSTS)];
  return { allowedInternalHosts: new InternalHostAllowList(hosts) };
}

/**
 * Refuses a URL the portal will never post to, naming the field: no credentials in it, https in
 * production unless the host is allow-listed, and no internal address literal or local name unless
 * allowed. A host name that resolves inside the network is refused at delivery, where it connects.
 */
export function checkEndpointUrl(address: string, guard: AddressGuard = endpointAddressGuard()): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw DomainFailure.invalid("url", "webhook.urlInvalid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw DomainFailure.invalid("url", "webhook.urlInvalid");
  // A user name or password in the URL would be shown in the log and sent in clear over http.
  if (url.username !== "" || url.password !== "") throw DomainFailure.invalid("url", "webhook.urlCredentials");
  const allowed = guard.allowedInternalHosts.allows(url.hostname);
  if (url.protocol === "http:" && !allowed) throw DomainFailure.invalid("url", "webhook.httpsRequired");
  try {
    checkHostBeforeConnecting(url.hostname, guard);
  } catch (error) {
    if (error instanceof BlockedAddressError) throw DomainFailure.invalid("url", "webhook.privateAddress", { host: url.hostname });
    throw error;
  }
  return url;
}
