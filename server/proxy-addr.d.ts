// proxy-addr 2.0 (express's own client-address module) ships no types; what server/ uses of it.
declare module "proxy-addr" {
  import type { IncomingMessage } from "node:http";

  /** The client's address: the furthest address of X-Forwarded-For that `trust` accepts each hop of. */
  function proxyaddr(req: IncomingMessage, trust: (address: string, hop: number) => boolean): string;
  export default proxyaddr;
}
