import { runCli } from "./cli-programme";

/** `npm run cli -- <command> [options]`: the programme (scripts/cli-programme.ts) with this process's streams. */
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => process.exit(code),
  // runCli answers every failure with a code; this is only a last resort.
  (error: unknown) => {
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
