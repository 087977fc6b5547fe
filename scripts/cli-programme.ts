import { parseArgs } from "node:util";
import { z } from "zod";
import { API_TOKEN_EXPIRY_DAYS_MAX, API_TOKEN_NAME_MAX, apiTokenOptionsSchema } from "~/modules/integrations/api-token-schemas";
import { JOB_STATES } from "~/modules/jobs/job-states";
import { failureText } from "~/modules/i18n/failure-text";
import { isDomainFailure } from "~/utils/failures";

/**
 * Operations on a real deployment: `npm run cli -- <command> [options]` (scripts/cli.ts is the
 * entry point). On the embedded database it opens the data folder itself, so the portal must be
 * stopped. The programme writes to the streams it is given and returns the exit code instead of
 * exiting, so that tests can run it in their own process (a process per command cost about 3 s of
 * CPU, most of it loading the application and the embedded database).
 */
const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                      Apply pending database migrations
  migrate:down                 Revert the latest migration
  seed                         Add the demo data (refused in production)
  user:create --role <role> --email <email> --name <name> [--locale en|fr]
                               Create a staff account (role hr_admin or task_owner) and print
                               a one-time link to set its password (valid 72 hours)
  jobs:list [--queue <name>] [--state <state>] [--limit <n>]
                               List background jobs, newest first
  jobs:cancel --queue <name> --id <job id>
                               Cancel a waiting or retrying job
  metrics:rebuild              Rebuild the eNPS and theme rollups and the comment scores from
                               the recorded responses (one transaction; safe to run again)
  api-token:create --name <name> [--expires-in-days <n>]
                               Create a token for the HR system API and print it
                               (alone, on the last line); it is not shown again
  sentiment:score [--lang en|fr]
                               Score comments read one per line on standard input; print
                               one JSON line {"score","label","lang"} per line, in order
                               (an empty line gets a neutral score of 0). Without --lang
                               each line's language is detected. Needs no database.

Options:
  -h, --help                   Show this help

On the embedded database (no DATABASE_URL) stop the running portal first: only one process can
open the data folder.`;

const UserCreateOptions = z.object({
  role: z.enum(["hr_admin", "task_owner"], { message: "--role must be hr_admin or task_owner" }),
  email: z.email({ message: "--email must be an email address like name@example.com" }).max(254),
  name: z.string({ message: "--name is required" }).trim().min(1, "--name is required").max(200),
  locale: z.enum(["en", "fr"], { message: "--locale must be en or fr" }).default("en"),
});

const JobsListOptions = z.object({
  queue: z.string().optional(),
  state: z.enum(JOB_STATES, { message: `--state must be one of ${JOB_STATES.join(", ")}` }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

const JobsCancelOptions = z.object({
  queue: z.string({ message: "--queue is required" }).min(1),
  id: z.uuid({ message: "--id must be a job id (a UUID, see jobs:list)" }),
});

const ApiTokenCreateOptions = apiTokenOptionsSchema({
  nameRequired: "--name is required (which system will use the token)",
  nameTooLong: `--name must be at most ${API_TOKEN_NAME_MAX} characters`,
  expiryInvalid: `--expires-in-days must be a whole number of days from 1 to ${API_TOKEN_EXPIRY_DAYS_MAX}`,
});

const SentimentScoreOptions = z.object({
  lang: z.enum(["en", "fr"], { message: "--lang must be en or fr (or left out to detect each line's language)" }).optional(),
});

class UsageError extends Error {
  name = "UsageError";
}

function parseOptions<T extends z.ZodType>(schema: T, values: Record<string, unknown>): z.output<T> {
  const result = schema.safeParse(values);
  if (!result.success) throw new UsageError(result.error.issues.map((i) => i.message).join("\n"));
  return result.data;
}

/**
 * Where the programme writes (process.stdout and process.stderr, or a test's buffers) and, for the
 * commands that read, where it reads (process.stdin, or a test's stream).
 */
export interface CliOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin?: AsyncIterable<string | Uint8Array>;
}

async function main(argv: string[], out: CliOutput["stdout"], stdin: CliOutput["stdin"]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      role: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      locale: { type: "string" },
      queue: { type: "string" },
      state: { type: "string" },
      limit: { type: "string" },
      id: { type: "string" },
      "expires-in-days": { type: "string" },
      lang: { type: "string" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    out.write(`${HELP}\n`);
    return;
  }
  const known = ["migrate", "migrate:down", "seed", "user:create", "jobs:list", "jobs:cancel", "api-token:create", "metrics:rebuild", "sentiment:score"];
  if (!known.includes(command)) throw new UsageError(`Unknown command "${command}". Run npm run cli -- --help.`);

  // Scoring is pure: it runs before the environment is read or a database opened, so that anyone
  // can score a file of comments on a machine without the portal's configuration.
  if (command === "sentiment:score") {
    const { lang } = parseOptions(SentimentScoreOptions, { lang: values.lang });
    if (!stdin) throw new UsageError("sentiment:score reads its comments from standard input.");
    const { scoreLines } = await import("./sentiment-score");
    await scoreLines(stdin, out, { lang });
    return;
  }

  // Validate options before touching the database.
  const userOptions = command === "user:create" ? parseOptions(UserCreateOptions, values) : undefined;
  const listOptions = command === "jobs:list" ? parseOptions(JobsListOptions, values) : undefined;
  const cancelOptions = command === "jobs:cancel" ? parseOptions(JobsCancelOptions, values) : undefined;
  const tokenOptions =
    command === "api-token:create"
      ? parseOptions(ApiTokenCreateOptions, { name: values.name, expiresInDays: values["expires-in-days"] })
      : undefined;

  // The application modules load only now: --help and usage errors answer at once.
  const { getEnv } = await import("~/utils/env.server");
  const { getDb, migrateDown } = await import("~/utils/db.server");
  const { installDefaults, openDatabase, shutdownApplication } = await import("../server/boot");
  const { getBoss, startJobs } = await import("~/modules/jobs/boss.server");
  const { jobDefinitions } = await import("../server/jobs");
  const { listJobs } = await import("~/modules/jobs/inspect.server");
  const { inviteStaffUser } = await import("~/modules/auth/invitations.server");
  const { demoSeededAt, seedDemoData } = await import("../server/seed");
  const { createApiToken } = await import("~/modules/integrations/api-tokens.server");
  const { rebuildMetrics } = await import("~/modules/metrics/rebuild.server");

  const env = getEnv();
  const opened = await openDatabase(env);
  try {
    switch (command) {
      case "migrate":
        out.write(
          opened.applied.length ? `Applied: ${opened.applied.join(", ")}\n` : "The database is up to date.\n",
        );
        break;
      case "migrate:down": {
        const reverted = await migrateDown(getDb());
        out.write(reverted.length ? `Reverted: ${reverted.join(", ")}\n` : "Nothing to revert.\n");
        break;
      }
      case "seed":
        if (env.NODE_ENV === "production") throw new UsageError("Refusing to seed demo data in production.");
        await installDefaults(env);
        if (await seedDemoData(getDb())) {
          out.write("Demo data added.\n");
        } else {
          const since = await demoSeededAt(getDb());
          out.write(
            `This database already had its demo data${since ? ` (since ${since.toISOString()})` : ""}: nothing added.\n`,
          );
        }
        break;
      case "user:create": {
        await startJobs({ work: false, jobs: jobDefinitions });
        const { user, setupUrl } = await inviteStaffUser(userOptions!);
        out.write(
          `Created ${user.role} ${user.email}. Send them this one-time link to set a password (valid 72 hours):\n${setupUrl}\n`,
        );
        break;
      }
      case "jobs:list": {
        const jobs = await listJobs(getDb(), listOptions!);
        if (jobs.length === 0) out.write("No jobs.\n");
        for (const job of jobs) {
          out.write(
            `${job.id}  ${job.name.padEnd(20)} ${job.state.padEnd(10)} retries=${job.retryCount}  created ${job.createdOn.toISOString()}\n`,
          );
        }
        break;
      }
      case "jobs:cancel": {
        await startJobs({ work: false, jobs: jobDefinitions });
        const boss = getBoss();
        const job = await boss.getJobById(cancelOptions!.queue, cancelOptions!.id);
        if (!job) throw new UsageError(`No job ${cancelOptions!.id} in queue ${cancelOptions!.queue}.`);
        await boss.cancel(cancelOptions!.queue, cancelOptions!.id);
        out.write(`Cancelled job ${cancelOptions!.id} (was ${job.state}).\n`);
        break;
      }
      case "metrics:rebuild": {
        const summary = await rebuildMetrics(getDb());
        out.write(
          `Rebuilt the rollups from ${summary.responses} confidential responses (${summary.comments} comments) and ${summary.blocks} anonymous blocks (${summary.anonymousComments} comments).\n`,
        );
        break;
      }
      case "api-token:create": {
        const { token, apiToken } = await createApiToken({ ...tokenOptions!, createdBy: null });
        const expiry = apiToken.expires_at ? `expires ${apiToken.expires_at.toISOString()}` : "never expires";
        // The token alone on the last line, so that a script can take it with `tail -n 1`.
        out.write(
          `Created API token "${apiToken.name}" (${expiry}). Store it now: it is not shown again.\n${token}\n`,
        );
        break;
      }
    }
  } finally {
    await shutdownApplication();
  }
}

/** Errors that are the caller's to fix: their message is the whole answer (exit code 2). */
const USER_ERRORS = new Set([
  "UsageError",
  "InvalidEnvironmentError",
  "DataDirectoryBusyError",
]);

/** Runs one command; resolves to the exit code (0 done, 2 the caller's to fix, 1 failed). */
export async function runCli(argv: string[], output: CliOutput): Promise<number> {
  try {
    await main(argv, output.stdout, output.stdin);
    return 0;
  } catch (error) {
    // A refusal (ADR 013) is the caller's to fix: its English messages are the whole answer.
    if (isDomainFailure(error)) {
      output.stderr.write(`${error.failures.map((failure) => failureText(failure, "en")).join("\n")}\n`);
      return 2;
    }
    if (
      (error instanceof Error && USER_ERRORS.has(error.name)) ||
      (error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("ERR_PARSE_ARGS"))
    ) {
      output.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    output.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
