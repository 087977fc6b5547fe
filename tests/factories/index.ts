/**
 * Test data, one module per domain in ADR 012's order (users → surveys → exit → offboarding →
 * alumni → integrations). Import from here: `import { createUser, makeDeparture } from "../../factories"`.
 *
 * How to build test data:
 * - Call the factory of the row you need with only the fields the test is about; every other field
 *   gets a sensible default, and emails, names and numbers are unique per call, so tests can share a
 *   database and run in any order.
 * - Overrides are typed from the domain's own types (`Role`, `ExitInvitationStatus`,
 *   `SurveyDefinition`…), so a misspelt state does not compile.
 * - Each factory returns the row it created (or the domain function's result), ready to pass on.
 * - Factories go through the domain's public function when one exists (createDeparture,
 *   HR's createDepartment, insertUser, the anonymous pool and its release), so test data obeys the
 *   rules real data obeys. Where a factory inserts directly, its comment says why.
 * - Set the database up first with useTestDatabase() (tests/support/database.ts), and most suites
 *   then install the defaults a new installation gets: installOffboardingDefaults().
 * - Fixtures that are not data (the job queue, the clock) live in tests/support/.
 */
export * from "./users";
export * from "./email";
export * from "./surveys";
export * from "./exit";
export * from "./offboarding";
export * from "./alumni";
export * from "./integrations";
export * from "./feeds";
export * from "./advocacy";
export * from "./newsletter-issues";
export * from "./newsletter-delivery";
export * from "./pulse";
export * from "./openings";
export * from "./privacy";
export * from "./retention";
export * from "./webhooks";
export * from "./preferences";
