import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction, Socket } from "node:net";
import { Agent, buildConnector } from "undici";
import { ipLiteralOf, isPublicAddress, type InternalHostAllowList } from "./address-policy";

/**
 * Connections to URLs HR typed (docs/decisions/018): feed fetching and webhook delivery
 * (docs/decisions/035) both go through this agent, so both refuse internal addresses the same way.
 * The check runs where the connection is made: the connector resolves the name with a lookup that
 * refuses it when any address is internal, and checks the connected socket's peer again, so a name
 * that resolved to a public address a moment ago and to 127.0.0.1 now (DNS rebinding) is refused.
 */

export interface AddressGuard {
  /** Hosts exempt from the address check (an environment allow-list). */
  allowedInternalHosts: InternalHostAllowList;
  /** Name resolution; the system's by default (tests give a fake one to play DNS rebinding). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

/** The host (as typed) the guard refused to connect to. Callers turn it into their own failure. */
export class BlockedAddressError extends Error {
  constructor(public readonly host: string) {
    super(`Refused to connect to ${host}: it is not a public address`);
    this.name = "BlockedAddressError";
  }
}

/** Names that are internal by definition, refused without asking DNS. */
export function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name.endsWith(".internal") || name.endsWith(".local");
}

/**
 * Refuses, before any connection, a host that is an internal IP literal or a local name (a host
 * name is otherwise checked when it is resolved, at connect time). Allow-listed hosts pass.
 */
export function checkHostBeforeConnecting(hostname: string, guard: Pick<AddressGuard, "allowedInternalHosts">): void {
  if (guard.allowedInternalHosts.allows(hostname)) return;
  const literal = ipLiteralOf(hostname);
  if (literal !== null && !isPublicAddress(literal)) throw new BlockedAddressError(hostname);
  if (literal === null && isLocalName(hostname)) throw new BlockedAddressError(hostname);
}

/** Resolves a host name to every address it has, as the connector will see them. */
function systemResolve(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });
}

/**
 * Resolves `hostname` and refuses it when any of its addresses is internal: all of them, since the
 * connection may try any (Happy Eyeballs). Allowed intranet hosts resolve as they are.
 */
export async function resolvePublicAddresses(hostname: string, guard: AddressGuard): Promise<LookupAddress[]> {
  const addresses = await (guard.resolve ?? systemResolve)(hostname);
  if (guard.allowedInternalHosts.allows(hostname)) return addresses;
  if (addresses.length === 0 || addresses.some((entry) => !isPublicAddress(entry.address))) throw new BlockedAddressError(hostname);
  return addresses;
}

/** An undici agent whose every connection goes only where the guard allows; one connection per request. */
export function guardedAgent(guard: AddressGuard, timeoutMs: number): Agent {
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolvePublicAddresses(hostname, guard).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
        if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, wanted);
        else if (wanted[0]) callback(null, wanted[0].address, wanted[0].family);
        else callback(Object.assign(new Error(`No address of family ${options.family} for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
  const connect = buildConnector({ lookup, timeout: timeoutMs });
  return new Agent({
    connect: (options, callback) => {
      connect(options, (error, socket) => {
        if (error) return callback(error, null);
        // Last line: whatever resolved the name (or none, for an IP literal), the peer is checked.
        const peer = (socket as Socket).remoteAddress;
        if (!guard.allowedInternalHosts.allows(options.hostname) && (!peer || !isPublicAddress(peer))) {
          socket.destroy();
          return callback(new BlockedAddressError(options.hostname), null);
        }
        callback(null, socket);
      });
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    // One request, one connection: nothing to keep alive between them.
    pipelining: 0,
  });
}
