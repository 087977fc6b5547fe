import { recipientsOf } from "~/modules/exit/invitation-emails.server";
import { exitLinkState, type ExitLinkRow } from "~/modules/exit/links.server";

const NOW = new Date("2026-11-27T10:00:00Z");

function link(overrides: Partial<ExitLinkRow> = {}): ExitLinkRow {
  return {
    tokenHash: "h".repeat(64),
    invitationId: "invitation",
    expiresAt: new Date("2026-12-31T00:00:00Z"),
    invitationStatus: "invited",
    departureStatus: "planned",
    userId: "user",
    role: "leaver",
    userStatus: "active",
    ...overrides,
  };
}

const EXPIRED = new Date("2026-11-01T00:00:00Z");

describe("who an exit link signs in", () => {
  it("signs in a leaver's account only", () => {
    expect(exitLinkState(link(), NOW)).toBe("ready");
    expect(exitLinkState(link({ role: "task_owner" }), NOW)).toBe("password");
    expect(exitLinkState(link({ role: "hr_admin" }), NOW)).toBe("password");
    expect(exitLinkState(link({ role: "alumnus" }), NOW)).toBe("alumnus");
  });

  it("tells staff and alumni their own way in even when the link has expired, so no new exit link is offered", () => {
    expect(exitLinkState(link({ expiresAt: EXPIRED }), NOW)).toBe("expired");
    expect(exitLinkState(link({ role: "task_owner", expiresAt: EXPIRED }), NOW)).toBe("password");
    expect(exitLinkState(link({ role: "alumnus", expiresAt: EXPIRED, invitationStatus: "finished" }), NOW)).toBe("alumnus");
  });

  it("says closed, for every role, when the departure or the invitation is cancelled or the account disabled", () => {
    for (const role of ["leaver", "alumnus", "task_owner"] as const) {
      expect(exitLinkState(link({ role, departureStatus: "cancelled" }), NOW)).toBe("closed");
      expect(exitLinkState(link({ role, invitationStatus: "cancelled" }), NOW)).toBe("closed");
      expect(exitLinkState(link({ role, userStatus: "disabled" }), NOW)).toBe("closed");
    }
  });
});

describe("where the exit emails go", () => {
  it("goes to the work address, and the personal one when known, until the last day", () => {
    expect(recipientsOf("sam@acme.test", null, { workMailboxOpen: true })).toEqual(["sam@acme.test"]);
    expect(recipientsOf("sam@acme.test", " sam@home.example ", { workMailboxOpen: true })).toEqual(["sam@acme.test", "sam@home.example"]);
  });

  it("goes to the personal address only once the work mailbox is closed, and to nobody without one", () => {
    expect(recipientsOf("sam@acme.test", "sam@home.example", { workMailboxOpen: false })).toEqual(["sam@home.example"]);
    expect(recipientsOf("sam@acme.test", null, { workMailboxOpen: false })).toEqual([]);
    expect(recipientsOf("sam@acme.test", "  ", { workMailboxOpen: false })).toEqual([]);
  });

  it("never counts the work address typed in as the personal one as a personal address", () => {
    expect(recipientsOf("sam@acme.test", "SAM@acme.test", { workMailboxOpen: true })).toEqual(["sam@acme.test"]);
    expect(recipientsOf("sam@acme.test", "SAM@acme.test", { workMailboxOpen: false })).toEqual([]);
  });
});
