import { hashToken } from "~/modules/auth/tokens.server";
import { CLI_TIMEOUT, useCli } from "../../support/cli";

const cli = useCli();

describe("npm run cli -- api-token:create", () => {
  it("is listed in the help", async () => {
    const run = await cli.run(["--help"]);
    expect(run.stdout).toContain("api-token:create --name <name> [--expires-in-days <n>]");
  }, CLI_TIMEOUT);

  it("prints a new token alone on its last line and stores only its hash", async () => {
    const run = await cli.run(["api-token:create", "--name", "Workday sync", "--expires-in-days", "90"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    const token = lines.at(-1)!;
    expect(token).toMatch(/^alp_[a-z2-7]{32}$/);
    expect(lines.slice(0, -1).join("\n")).toMatch(/Created API token "Workday sync" \(expires \d{4}-\d{2}-\d{2}T/);

    const handle = await cli.scratch.open();
    try {
      const row = await handle.db.selectFrom("api_tokens").selectAll().where("name", "=", "Workday sync").executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(hashToken(token));
      const days = (row.expires_at!.getTime() - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(90);
      const audit = await handle.db.selectFrom("audit_log").select("action").where("subject_id", "=", row.id).execute();
      expect(audit).toEqual([{ action: "api_token.created" }]);
    } finally {
      await handle.close();
    }
  }, CLI_TIMEOUT);

  it("creates a token that never expires without --expires-in-days", async () => {
    const run = await cli.run(["api-token:create", "--name", "Forever"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("never expires");
  }, CLI_TIMEOUT);

  it.each([
    ["without --name", ["api-token:create"], "--name is required"],
    ["with a number of days that is not one", ["api-token:create", "--name", "X", "--expires-in-days", "soon"], "--expires-in-days must be a whole number"],
    ["with too many days", ["api-token:create", "--name", "X", "--expires-in-days", "99999"], "--expires-in-days must be a whole number"],
  ])("refuses to run %s, saying what to fix", async (_label, args, message) => {
    const run = await cli.run(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  }, CLI_TIMEOUT);
});
