import enFailures from "~/locales/en/failures.json";
import * as listRoute from "~/routes/admin.settings.departments._index";
import * as departmentRoute from "~/routes/admin.settings.departments.$departmentId";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callAction, callLoader, loaderData } from "../../support/remix";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";

useTestDatabase();

let cookie: string;
let ids: { root: string; engineering: string; platform: string; infra: string; mobile: string; sales: string };

/** Acme > Engineering > (Platform > Infra, Mobile); Acme > Sales. */
beforeEach(async () => {
  await installOffboardingDefaults();
  cookie = await signIn(await createUser({ role: "hr_admin" }));
  const db = testDb();
  const root = await db.selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  const add = async (name: string, parent: string) =>
    (await db.insertInto("departments").values({ name, parent_id: parent }).returning("id").executeTakeFirstOrThrow()).id;
  const engineering = await add("Engineering", root.id);
  const platform = await add("Platform", engineering);
  ids = {
    root: root.id,
    engineering,
    platform,
    infra: await add("Infra", platform),
    mobile: await add("Mobile", engineering),
    sales: await add("Sales", root.id),
  };
});

type Reply = { result: { error?: Record<string, string[]> } };
async function errorsOf(response: Response) {
  return ((await response.json()) as Reply).result.error ?? {};
}

function postList(form: Record<string, string>) {
  return callAction(listRoute.action, buildRequest("/admin/settings/departments", { form, cookie }));
}
function postDepartment(departmentId: string, form: Record<string, string>) {
  return callAction(departmentRoute.action, buildRequest(`/admin/settings/departments/${departmentId}`, { form, cookie }), { departmentId });
}
async function department(id: string) {
  return testDb().selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}
async function auditActions() {
  return (await testDb().selectFrom("audit_log").select("action").orderBy("created_at").execute()).map((row) => row.action);
}

describe("the department tree", () => {
  it("lists every department in tree order with its depth and what uses it", async () => {
    await makeDeparture({ departmentId: ids.mobile, departmentName: undefined });
    const response = await callLoader(listRoute.loader, buildRequest("/admin/settings/departments", { cookie }));
    const { departments } = await loaderData<typeof listRoute.loader>(response);
    expect(departments.map((d) => [d.name, d.depth])).toEqual([
      ["Acme Corp", 0],
      ["Engineering", 1],
      ["Mobile", 2],
      ["Platform", 2],
      ["Infra", 3],
      ["Sales", 1],
    ]);
    expect(departments.find((d) => d.name === "Mobile")?.departure_count).toBe(1);
    expect(departments.find((d) => d.name === "Engineering")?.child_count).toBe(2);
  });

  it("adds a department under a parent", async () => {
    const response = await postList({ intent: "create", name: "  Data   Science ", parentId: ids.engineering });
    expect(response.headers.get("Location")).toBe("/admin/settings/departments?notice=created");
    const created = await testDb().selectFrom("departments").selectAll().where("name", "=", "Data Science").executeTakeFirstOrThrow();
    expect(created).toMatchObject({ parent_id: ids.engineering, needs_review: false });
    expect(await auditActions()).toEqual(["department.created"]);
  });

  it("refuses a name a sibling already has, whatever its case", async () => {
    const response = await postList({ intent: "create", name: "platform", parentId: ids.engineering });
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).name).toEqual(["There is already a department called “platform” under Engineering."]);
  });

  it("refuses a parent that does not exist or is not an id", async () => {
    const unknown = await postList({ intent: "create", name: "Legal", parentId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(400);
    expect((await errorsOf(unknown)).parentId).toEqual([enFailures.department.parentInvalid]);
    const garbage = await postList({ intent: "create", name: "Legal", parentId: "engineering" });
    expect(garbage.status).toBe(400);
    expect((await errorsOf(garbage)).parentId).toEqual(["Choose the parent department from the list."]);
  });
});

describe("renaming and moving", () => {
  it("renames a department", async () => {
    const response = await postDepartment(ids.platform, { intent: "rename", name: "Platform engineering" });
    expect(response.headers.get("Location")).toBe(`/admin/settings/departments/${ids.platform}?notice=renamed`);
    expect((await department(ids.platform))?.name).toBe("Platform engineering");
    const clash = await postDepartment(ids.platform, { intent: "rename", name: "MOBILE" });
    expect(clash.status).toBe(400);
    expect((await errorsOf(clash)).name?.[0]).toMatch(/already a department called “MOBILE”/);
  });

  it("moves a department with its subtree under another parent", async () => {
    const response = await postDepartment(ids.platform, { intent: "move", parentId: ids.sales });
    expect(response.status).toBe(302);
    expect((await department(ids.platform))?.parent_id).toBe(ids.sales);
    expect((await department(ids.infra))?.parent_id).toBe(ids.platform);
    expect(await auditActions()).toEqual(["department.moved"]);
  });

  it("refuses to move a department under itself or anything below it, with the error beside the field", async () => {
    for (const target of [ids.engineering, ids.platform, ids.infra]) {
      const response = await postDepartment(ids.engineering, { intent: "move", parentId: target });
      expect(response.status).toBe(400);
      expect((await errorsOf(response)).parentId).toEqual([
        "“Engineering” cannot move under itself or one of its own sub-departments. Choose a department outside it.",
      ]);
    }
    expect((await department(ids.engineering))?.parent_id).toBe(ids.root);
    expect(await auditActions()).toEqual([]);
  });

  it("refuses to move the company root", async () => {
    const response = await postDepartment(ids.root, { intent: "move", parentId: ids.sales });
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).parentId).toEqual([enFailures.department.rootCannotMove]);
  });

  it("answers 404 for a department that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await postDepartment(missing, { intent: "rename", name: "X" })).status).toBe(404);
    const loaded = await callLoader(departmentRoute.loader, buildRequest(`/admin/settings/departments/${missing}`, { cookie }), { departmentId: missing });
    expect(loaded.status).toBe(404);
    const garbage = await callLoader(departmentRoute.loader, buildRequest("/admin/settings/departments/1", { cookie }), { departmentId: "1" });
    expect(garbage.status).toBe(404);
  });

  it("marks the subtree as impossible parents on the page", async () => {
    const response = await callLoader(departmentRoute.loader, buildRequest(`/admin/settings/departments/${ids.engineering}`, { cookie }), {
      departmentId: ids.engineering,
    });
    const { parents } = await loaderData<typeof departmentRoute.loader>(response);
    const disabled = parents.filter((p) => p.disabled).map((p) => p.id);
    expect(disabled.sort()).toEqual([ids.engineering, ids.platform, ids.infra, ids.mobile].sort());
  });
});

describe("departments to review", () => {
  it("flags a department created from an API call or a CSV file until HR marks it reviewed", async () => {
    const { departure } = await makeDeparture({ departmentName: "Quantum Research" }, { source: "api" });
    const created = departure.department_id;
    const page = await callLoader(listRoute.loader, buildRequest("/admin/settings/departments", { cookie }));
    const { departments } = await loaderData<typeof listRoute.loader>(page);
    expect(departments.find((d) => d.id === created)?.needs_review).toBe(true);

    const response = await postList({ intent: "reviewed", departmentId: created });
    expect(response.headers.get("Location")).toBe("/admin/settings/departments?notice=reviewed");
    expect((await department(created))?.needs_review).toBe(false);
    expect(await auditActions()).toContain("department.reviewed");
  });
});

describe("deleting a department", () => {
  it("deletes a department nothing uses", async () => {
    const response = await postDepartment(ids.sales, { intent: "delete" });
    expect(response.headers.get("Location")).toBe("/admin/settings/departments?notice=deleted");
    expect(await department(ids.sales)).toBeUndefined();
    expect(await auditActions()).toEqual(["department.deleted"]);
  });

  it("refuses while a departure is recorded in it, and says so", async () => {
    await makeDeparture({ departmentId: ids.sales, departmentName: undefined });
    const response = await postDepartment(ids.sales, { intent: "delete" });
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[""]).toEqual([
      "This department cannot be deleted: 1 departure is recorded in it. Keep it, and rename it or move it in the tree if it has changed.",
    ]);
    expect(await department(ids.sales)).toBeDefined();
  });

  it("refuses while a template applies to it", async () => {
    await testDb().insertInto("checklist_templates").values({ name_en: "Sales kit", department_id: ids.sales }).execute();
    const response = await postDepartment(ids.sales, { intent: "delete" });
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[""]?.[0]).toMatch(/1 template applies to it/);
  });

  it("refuses while it has sub-departments, and for the root", async () => {
    const parent = await postDepartment(ids.platform, { intent: "delete" });
    expect(parent.status).toBe(400);
    expect((await errorsOf(parent))[""]).toEqual(["This department has 1 sub-department: move or delete it first."]);
    const root = await postDepartment(ids.root, { intent: "delete" });
    expect(root.status).toBe(400);
    expect((await errorsOf(root))[""]).toEqual([enFailures.department.rootCannotDelete]);
  });
});
