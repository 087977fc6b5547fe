import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";
import { PRODUCTION_SETTINGS } from "../../support/environment";
import { describeHeaderChecks, useProductionSettings } from "../../support/security-headers";

/**
 * security-headers.test.ts with production's settings: every answer also says
 * Strict-Transport-Security, and every cookie is Secure (the session's named __Host-session).
 */

useProductionSettings();
useTestDatabase();
useJobQueue();
const app = useHttpApp({ env: PRODUCTION_SETTINGS, freshBuild: true });

describe("security headers and cookies of every route, in production", () => {
  describeHeaderChecks(app, { production: true });
});
