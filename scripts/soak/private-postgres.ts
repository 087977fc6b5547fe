import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../bench/child-processes";

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of its own (initdb in a temporary folder, on a free port), for the outage
 * test and `npm run soak -- --outage`: they stop and start the server, which must not be the one
 * other tests and developers use. The server refuses to run as root, so when this process is root
 * (CI, this machine) the cluster belongs to the `postgres` user and every command runs through
 * `runuser -u postgres --`.
 */
export interface PrivateCluster {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  start: () => Promise<void>;
  /** `pg_ctl stop -m fast`: sessions are ended, new connections refused, until start(). */
  stop: () => Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose: () => Promise<void>;
}

/** The server binaries of the newest PostgreSQL installed from Debian's packages, or undefined. */
export function postgresBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : undefined;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = postgresBinaries();
  if (!bin) throw new Error("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql).");
  const asRoot = process.getuid?.() === 0;
  const command = async (name: string, args: string[]) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, name), ...args]] : [join(bin, name), args];
    await run(file, argv, { timeout: 60_000 });
  };
  const folder = mkdtempSync(join(tmpdir(), "alumni-pg-"));
  // The postgres user must reach its data folder inside ours.
  chmodSync(folder, 0o777);
  const data = join(folder, "data");
  const port = await freePort();
  await command("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  // Only TCP on 127.0.0.1 (no socket in /var/run), durability off: a throwaway test server.
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories='${folder}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = () => command("pg_ctl", ["start", "-w", "-t", "60", "-D", data, "-l", join(folder, "server.log"), "-o", options]);
  const stop = () => command("pg_ctl", ["stop", "-w", "-t", "60", "-m", "fast", "-D", data]);
  await start();
  let disposed = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await command("pg_ctl", ["stop", "-w", "-t", "60", "-m", "immediate", "-D", data]).catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
