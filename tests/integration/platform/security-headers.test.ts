import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";
import { describeHeaderChecks } from "../../support/security-headers";

/**
 * Issue 15, release hygiene: the security headers and cookie flags of every route, enumerated from
 * the route manifest, over HTTP, as the portal runs outside production (security-headers-production
 * does the same with production's settings: HSTS, Secure cookies). The rules, and the few answers
 * that may differ with why, are in tests/support/security-headers.ts; unit tests of the header values
 * themselves are in tests/unit/platform/security.test.ts.
 */

useTestDatabase();
useJobQueue();
const app = useHttpApp();

describe("security headers and cookies of every route, outside production", () => {
  describeHeaderChecks(app, { production: false });
});
