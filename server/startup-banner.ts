import type { DemoSignIn } from "./seed";

/** What `npm start` prints once it listens (outside production): where, which database, the demo sign-ins that work. */
export function startupBanner(
  url: string,
  booted: { kind: "pg" | "pglite"; location: string; seeded: boolean; demoSignIns: readonly DemoSignIn[] },
): string {
  const lines = [
    "",
    `  Alumni portal ready: ${url}`,
    `  Database: ${booted.kind === "pglite" ? `embedded (${booted.location})` : booted.location}${booted.seeded ? ", demo data seeded" : ""}`,
    ...(booted.demoSignIns.length
      ? ["  Demo sign-ins:", ...booted.demoSignIns.map((s) => `    ${s.role.padEnd(11)} ${s.email.padEnd(26)} ${s.how}`)]
      : []),
    "",
  ];
  return `${lines.join("\n")}\n`;
}
