import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { findUserByEmail } from "~/modules/auth/users.server";
import { CLI_TIMEOUT, useCli } from "../../support/cli";

const cli = useCli();

describe("npm run cli", { timeout: CLI_TIMEOUT }, () => {
  it("explains every command with --help, run as `npm run cli` runs it", async () => {
    const run = await cli.run(["--help"], {}, { via: "tsx" });
    expect(run.code).toBe(0);
    for (const command of ["migrate", "migrate:down", "seed", "user:create", "jobs:list", "jobs:cancel"]) {
      expect(run.stdout).toContain(command);
    }
  });

  it("refuses an unknown role and says which ones exist, without touching the database", async () => {
    const run = await cli.run(["user:create", "--role", "superuser", "--email", "a@example.com", "--name", "A"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--role must be hr_admin or task_owner");
  });

  it("refuses an unknown command", async () => {
    const run = await cli.run(["drop-everything"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "drop-everything"');
  });

  it("creates the first HR admin and prints a one-time link to set the password", async () => {
    const run = await cli.run(["user:create", "--role", "hr_admin", "--email", "Ada@Example.com", "--name", "Ada Lovelace"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lastLine = run.stdout.trim().split("\n").at(-1)!;
    expect(lastLine).toMatch(/^http:\/\/localhost:3000\/set-password\/[a-z2-7]{32}$/);

    const handle = await cli.scratch.open();
    try {
      const user = await findUserByEmail(handle.db, "ada@example.com");
      expect(user).toMatchObject({ role: "hr_admin", status: "invited", password_hash: null });
      const email = await handle.db.selectFrom("emails").selectAll().where("to_address", "=", "Ada@Example.com").executeTakeFirst();
      expect(email?.template).toBe("staff-invitation");
      expect(email?.text).toContain(lastLine);
    } finally {
      await handle.close();
    }
  });

  it("refuses a second account with the same address", async () => {
    const run = await cli.run(["user:create", "--role", "task_owner", "--email", "ada@example.com", "--name", "Other"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already exists/);
  });

  it("lists the queued invitation email among the jobs", async () => {
    const run = await cli.run(["jobs:list", "--queue", "email.send"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/email\.send\s+created/);
  });

  it("says the portal must be stopped when another process owns the embedded database", async () => {
    if (cli.scratch.env.DATABASE_URL) {
      // On PostgreSQL several processes share the database: nothing to refuse.
      const run = await cli.run(["migrate"]);
      expect(run.stdout).toContain("The database is up to date.");
      return;
    }
    // This test process stands in for a running portal, so the CLI runs in a process of its own.
    writeFileSync(join(cli.scratch.env.DATA_DIR!, "owner.pid"), String(process.pid));
    const run = await cli.run(["migrate"], {}, { via: "bundle" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`is in use by process ${process.pid}`);
    expect(run.stderr).toContain("Stop it first");
  });
});
