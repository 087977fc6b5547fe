import { writeFileSync } from "node:fs";
import { renderAuthorizationDoc } from "../tests/support/authorization-doc";
import { portalRoutes } from "../tests/support/route-manifest";

/** `npm run docs:authz`: writes docs/authorization.md from the authorization matrix (build the app first). */
writeFileSync("docs/authorization.md", renderAuthorizationDoc(await portalRoutes()));
console.log("docs/authorization.md written");
