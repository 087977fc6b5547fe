import fc from "fast-check";
import { loader } from "~/routes/alumni.directory";
import { DIRECTORY_FIELDS, type DirectoryField, type DirectoryVisibility } from "~/modules/alumni/profile";
import { DIRECTORY_PAGE_SIZE } from "~/modules/alumni/directory.server";
import { recordConsent } from "~/modules/alumni/consents.server";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import { createAlumniProfile, createUser, departmentTree, installOffboardingDefaults, makeAlumniLeaver, makeDirectoryMember, signIn } from "../../factories";

/**
 * The alumni directory through its loader: the JSON a page receives is all a browser ever gets, so a
 * hidden field, an address or an unlisted person absent from it is absent from the page.
 */

useTestDatabase();

beforeEach(async () => {
  await installOffboardingDefaults();
});

async function directory(cookie: string, query = "") {
  const response = await callLoader(loader, buildRequest(`/alumni/directory${query}`, { cookie }));
  return { status: response.status, text: await response.clone().text(), data: await loaderData<typeof loader>(response) };
}

const names = (data: Awaited<ReturnType<typeof directory>>["data"]) => (data.list?.entries ?? []).map((entry) => entry.name);

/** The value a field holds for a member made with `values(n)`, as the directory would show it. */
function values(n: number) {
  return {
    company: `Kompany${n}Zq`,
    title: `Tytle${n}Zq`,
    location: `Plaace${n}Zq`,
    linkedinUrl: `https://www.linkedin.com/in/lnkd${n}zq`,
  };
}

const COLUMN: Record<DirectoryField, string> = {
  department: "directory_show_department",
  leftYear: "directory_show_left_year",
  company: "directory_show_company",
  title: "directory_show_title",
  location: "directory_show_location",
  linkedin: "directory_show_linkedin",
};

describe("what other alumni see of a listed person", () => {
  it("never contains a hidden field, whatever each person chose and whoever looks (property)", async () => {
    const { engineering } = await departmentTree();
    // Four listed members with values found nowhere else, and a viewer who is not listed.
    const members: (Awaited<ReturnType<typeof makeDirectoryMember>> & { cookie: string })[] = [];
    for (let n = 0; n < 4; n += 1) {
      const member = await makeDirectoryMember({
        name: `Person${n} Zq`,
        departmentId: engineering.id,
        lastDay: `${2015 + n}-05-29`,
        ...values(n),
      });
      members.push({ ...member, cookie: await signIn(member.user) });
    }
    const outsider = await createUser({ role: "alumnus" });
    await createAlumniProfile(outsider.id, { status: "active" });
    const viewers = [...members.map((m) => m.cookie), await signIn(outsider), await signIn(await createUser({ role: "hr_admin" }))];
    const visibility = fc.record(Object.fromEntries(DIRECTORY_FIELDS.map((field) => [field, fc.boolean()])) as Record<DirectoryField, fc.Arbitrary<boolean>>);

    await fc.assert(
      fc.asyncProperty(fc.array(visibility, { minLength: 4, maxLength: 4 }), fc.nat({ max: viewers.length - 1 }), async (choices, viewerIndex) => {
        for (const [n, member] of members.entries()) {
          const set = Object.fromEntries(DIRECTORY_FIELDS.map((field) => [COLUMN[field], choices[n]![field]]));
          await testDb().updateTable("alumni_profiles").set(set).where("user_id", "=", member.user.id).execute();
        }
        const { status, text, data } = await directory(viewers[viewerIndex]!);
        expect(status).toBe(200);
        for (const [n, member] of members.entries()) {
          const chosen: DirectoryVisibility = choices[n]!;
          const entry = data.list!.entries.find((e) => e.name === member.user.name)!;
          expect(entry).toBeDefined();
          const shown = values(n);
          const expected = {
            department: chosen.department ? "Engineering" : undefined,
            leftYear: chosen.leftYear ? 2015 + n : undefined,
            company: chosen.company ? shown.company : undefined,
            title: chosen.title ? shown.title : undefined,
            location: chosen.location ? shown.location : undefined,
            linkedinUrl: chosen.linkedin ? shown.linkedinUrl : undefined,
          };
          for (const [key, value] of Object.entries(expected)) expect(entry[key as keyof typeof entry], key).toEqual(value);
          // Not only absent from the entry: absent from everything the page receives.
          if (!chosen.company) expect(text).not.toContain(shown.company);
          if (!chosen.title) expect(text).not.toContain(shown.title);
          if (!chosen.location) expect(text).not.toContain(shown.location);
          if (!chosen.linkedin) expect(text).not.toContain(shown.linkedinUrl);
          if (!chosen.leftYear) expect(text).not.toContain(`"leftYear":${2015 + n}`);
        }
        if (!choices.some((c) => c.department)) expect(text).not.toMatch(/"department":"Engineering"/);
      }),
      { numRuns: 25 },
    );
  });

  it("holds no email address, personal or work, of anyone listed or of the viewer", async () => {
    const listed = await makeDirectoryMember({ show: { company: true, title: true, location: true, linkedin: true } });
    const viewer = await makeDirectoryMember();
    const { text, data } = await directory(await signIn(viewer.user));
    expect(data.list!.entries).toHaveLength(2);
    for (const address of [listed.personalEmail, listed.workEmail, listed.user.email, viewer.personalEmail, viewer.user.email]) {
      expect(text).not.toContain(address);
    }
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });

  it("marks the viewer's own entry, so they see themself as others do", async () => {
    const viewer = await makeDirectoryMember({ name: "Self Viewer" });
    await makeDirectoryMember({ name: "Someone Else" });
    const { data } = await directory(await signIn(viewer.user));
    expect(data.list!.entries.map((e) => [e.name, e.self])).toEqual([
      ["Self Viewer", true],
      ["Someone Else", false],
    ]);
  });
});

describe("who appears", () => {
  it("only active alumni whose latest directory choice is a grant: never the unlisted, the withdrawn, those who left, the pending or the disabled", async () => {
    const viewer = await makeDirectoryMember({ name: "Anna Listed" });
    await makeDirectoryMember({ name: "Ben Unlisted", listed: false });
    const withdrawn = await makeDirectoryMember({ name: "Cleo Withdrawn" });
    await recordConsent(testDb(), { userId: withdrawn.user.id, purpose: "directory", granted: false, source: "preferences", ip: null, locale: "en" });
    await makeDirectoryMember({ name: "Dan Left", status: "left" });
    await makeDirectoryMember({ name: "Eve Pending", status: "pending" });
    const disabled = await makeDirectoryMember({ name: "Finn Disabled" });
    await testDb().updateTable("users").set({ status: "disabled" }).where("id", "=", disabled.user.id).execute();
    // Granted the directory while a leaver, and still one: not an alumnus yet.
    const leaver = await makeAlumniLeaver({ decision: "joined" });
    await createAlumniProfile(leaver.user.id, { status: "active" });
    await recordConsent(testDb(), { userId: leaver.user.id, purpose: "directory", granted: true, source: "exit_flow", ip: null, locale: "en" });

    const { text, data } = await directory(await signIn(viewer.user));
    expect(names(data)).toEqual(["Anna Listed"]);
    for (const hidden of ["Ben Unlisted", "Cleo Withdrawn", "Dan Left", "Eve Pending", "Finn Disabled", leaver.user.name]) expect(text).not.toContain(hidden);
  });

  it("withdrawing the consent removes the person at once, granting it again brings them back", async () => {
    const viewer = await makeDirectoryMember({ name: "Viewer One" });
    const other = await makeDirectoryMember({ name: "Other Two" });
    const cookie = await signIn(viewer.user);
    expect(names((await directory(cookie)).data)).toContain("Other Two");
    await recordConsent(testDb(), { userId: other.user.id, purpose: "directory", granted: false, source: "preferences", ip: null, locale: "en" });
    expect(names((await directory(cookie)).data)).not.toContain("Other Two");
    await recordConsent(testDb(), { userId: other.user.id, purpose: "directory", granted: true, source: "preferences", ip: null, locale: "en" });
    expect(names((await directory(cookie)).data)).toContain("Other Two");
  });

  it("is closed to an alumnus who left the network and to leavers; HR sees exactly what alumni see", async () => {
    const viewer = await makeDirectoryMember({ name: "Alumna Viewer", show: { company: true } });
    await makeDirectoryMember({ name: "Hidden Fields", show: { department: false } });
    const left = await makeDirectoryMember({ status: "left", listed: false });
    const fromLeft = await directory(await signIn(left.user));
    expect(fromLeft.data.allowed).toBe(false);
    expect(fromLeft.data.list).toBeNull();

    const leaver = await makeAlumniLeaver({ decision: "joined" });
    expect((await callLoader(loader, buildRequest("/alumni/directory", { cookie: leaver.cookie }))).status).toBe(403);

    const hr = await createUser({ role: "hr_admin" });
    const asHr = await directory(await signIn(hr));
    const asAlumnus = await directory(await signIn(viewer.user));
    expect(asHr.data.viewer).toBe("hr");
    const withoutSelf = (d: typeof asHr.data) => d.list!.entries.map(({ self: _self, ...entry }) => entry);
    expect(withoutSelf(asHr.data)).toEqual(withoutSelf(asAlumnus.data));
    expect(withoutSelf(asHr.data)).toHaveLength(2);
  });
});

describe("searching", () => {
  it("finds by part of a name whatever the accents and capitals", async () => {
    const viewer = await makeDirectoryMember({ name: "Viewer Person" });
    await makeDirectoryMember({ name: "Élodie Lefèvre" });
    await makeDirectoryMember({ name: "Eloise Martin" });
    await makeDirectoryMember({ name: "Zoé Dubois" });
    const cookie = await signIn(viewer.user);
    expect(names((await directory(cookie, "?q=elo")).data)).toEqual(["Élodie Lefèvre", "Eloise Martin"]);
    expect(names((await directory(cookie, "?q=LEFEVRE")).data)).toEqual(["Élodie Lefèvre"]);
    expect(names((await directory(cookie, "?q=zoé")).data)).toEqual(["Zoé Dubois"]);
    expect(names((await directory(cookie, "?q=ZOE")).data)).toEqual(["Zoé Dubois"]);
    // LIKE's wildcards are plain characters here.
    expect(names((await directory(cookie, "?q=%25")).data)).toEqual([]);
  });

  it("by department (with the teams under it) and by leaving year, matching only people who show that field", async () => {
    const { engineering, platform, sales } = await departmentTree();
    const viewer = await makeDirectoryMember({ name: "Viewer Sales", departmentId: sales.id, lastDay: "2022-01-31" });
    await makeDirectoryMember({ name: "Eng Shown", departmentId: engineering.id, lastDay: "2023-03-31" });
    await makeDirectoryMember({ name: "Platform Shown", departmentId: platform.id, lastDay: "2021-09-30" });
    await makeDirectoryMember({ name: "Eng Hidden", departmentId: engineering.id, lastDay: "2023-06-30", show: { department: false } });
    await makeDirectoryMember({ name: "Year Hidden", departmentId: sales.id, lastDay: "2023-07-31", show: { leftYear: false } });
    const cookie = await signIn(viewer.user);

    expect(names((await directory(cookie, `?department=${engineering.id}`)).data)).toEqual(["Eng Shown", "Platform Shown"]);
    expect(names((await directory(cookie, `?department=${platform.id}`)).data)).toEqual(["Platform Shown"]);
    expect(names((await directory(cookie, "?year=2023")).data)).toEqual(["Eng Hidden", "Eng Shown"]);
    expect(names((await directory(cookie, `?year=2023&department=${engineering.id}`)).data)).toEqual(["Eng Shown"]);
  });

  it("answers 400 with the bad parameter named, in the viewer's language, and never a 500", async () => {
    const viewer = await makeDirectoryMember({ locale: "fr" });
    const cookie = await signIn(viewer.user);
    const bad = await directory(cookie, `?year=twenty&department=nope&q=${"x".repeat(101)}`);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.errors!).sort()).toEqual(["department", "q", "year"]);
    expect(bad.data.errors!.year![0]).toMatch(/^Saisissez une année/);
    const unknown = await directory(cookie, "?department=00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(400);
    expect(unknown.data.errors).toHaveProperty("department");
  });

  it("pages the list, and a page past the end goes back to the first", async () => {
    const viewer = await makeDirectoryMember({ name: "A Viewer" });
    for (let n = 0; n < DIRECTORY_PAGE_SIZE + 2; n += 1) await makeDirectoryMember({ name: `Paged ${String(n).padStart(2, "0")}`, listed: true });
    const cookie = await signIn(viewer.user);
    const first = await directory(cookie);
    expect(first.data.list).toMatchObject({ total: DIRECTORY_PAGE_SIZE + 3, page: 1, pageCount: 2 });
    expect(first.data.list!.entries).toHaveLength(DIRECTORY_PAGE_SIZE);
    const second = await directory(cookie, "?page=2");
    expect(names(second.data)).toEqual(["Paged 23", "Paged 24", "Paged 25"]);
    const past = await callLoader(loader, buildRequest("/alumni/directory?page=9", { cookie }));
    expect(past.status).toBe(302);
    expect(past.headers.get("Location")).toBe("/alumni/directory");
  });
});
