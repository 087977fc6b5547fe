import { cancelDeparture, findDeparture } from "~/modules/offboarding/departures.server";
import {
  bulkComplete,
  completeTask,
  markNotApplicable,
  reassignTask,
} from "~/modules/offboarding/task-actions.server";
import { DomainFailure } from "~/utils/failures";
import { testDb, useTestDatabase } from "../../support/database";
import { auditEntries, findTask } from "./support/tasks";
import { addTask, createTeamMember, createUser, installOffboardingDefaults, makeBareDeparture, teamId } from "../../factories";

useTestDatabase();

const NOW = new Date("2026-11-27T10:00:00Z");

beforeEach(async () => {
  await installOffboardingDefaults();
});

function as(user: { id: string; role: "task_owner" | "hr_admin" | "leaver" | "alumnus" }) {
  return { actor: { id: user.id, role: user.role }, now: NOW };
}

describe("completing a task", () => {
  it("marks a task of the owner's team done with the note, the evidence link, who and when, and audits it on the departure", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { title: "Collect laptop", team: "IT" });

    const result = await completeTask(
      { taskId: task.id, note: "Laptop back, serial checked.", evidenceUrl: "https://tickets.example.com/IT-42" },
      as(owner),
    );

    expect(result).toEqual({ outcome: "completed", taskId: task.id, departureId: departure.id });
    expect(await findTask(task.id)).toMatchObject({
      status: "done",
      completed_at: NOW,
      completed_by: owner.id,
      completion_note: "Laptop back, serial checked.",
      evidence_url: "https://tickets.example.com/IT-42",
    });
    const [entry] = await auditEntries("task.completed");
    expect(entry).toMatchObject({
      actor_user_id: owner.id,
      subject_type: "departure",
      subject_id: departure.id,
      data: { taskId: task.id, taskTitle: "Collect laptop", withNote: true, withEvidence: true },
    });
  });

  it("completes the owner's personal task without a note", async () => {
    const owner = await createUser({ role: "task_owner" });
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { ownerUserId: owner.id });
    await completeTask({ taskId: task.id }, as(owner));
    expect(await findTask(task.id)).toMatchObject({ status: "done", completion_note: null, evidence_url: null });
  });

  it("moves a planned departure to in progress on its first completed task, once", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    expect(departure.status).toBe("planned");
    const first = await addTask(departure.id);
    const second = await addTask(departure.id);

    await completeTask({ taskId: first.id }, as(owner));
    expect((await findDeparture(testDb(), departure.id))?.status).toBe("in_progress");
    await completeTask({ taskId: second.id }, as(owner));

    const starts = (await auditEntries("departure.updated")).filter((e) => e.subject_id === departure.id);
    expect(starts).toHaveLength(1);
    expect(starts[0]!.data).toMatchObject({ changes: { status: ["planned", "in_progress"] }, cause: "task.completed" });
  });

  it("answers not found for another team's task and for someone else's personal task, and changes nothing", async () => {
    const itPerson = await createTeamMember(["IT"]);
    const colleague = await createUser({ role: "task_owner" });
    const departure = await makeBareDeparture();
    const payrollTask = await addTask(departure.id, { team: "Payroll" });
    const personalTask = await addTask(departure.id, { ownerUserId: colleague.id });

    await expect(completeTask({ taskId: payrollTask.id }, as(itPerson))).rejects.toMatchObject({ kind: "notFound", code: "task.notFound" });
    await expect(completeTask({ taskId: personalTask.id }, as(itPerson))).rejects.toMatchObject({ kind: "notFound", code: "task.notFound" });
    await expect(completeTask({ taskId: "00000000-0000-4000-8000-000000000000" }, as(itPerson))).rejects.toMatchObject({ kind: "notFound", code: "task.notFound" });
    expect((await findTask(payrollTask.id)).status).toBe("open");
    expect((await findTask(personalTask.id)).status).toBe("open");
    expect(await auditEntries("task.completed")).toEqual([]);
  });

  it("answers not found to a leaver or an alumnus, even for a task of a team they are in", async () => {
    const leaver = await createTeamMember(["IT"], { role: "leaver" });
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { team: "IT" });
    await expect(completeTask({ taskId: task.id }, as(leaver))).rejects.toMatchObject({ kind: "notFound", code: "task.notFound" });
  });

  it("lets an HR admin complete any task", async () => {
    const admin = await createUser({ role: "hr_admin" });
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { team: "Payroll" });
    await completeTask({ taskId: task.id }, as(admin));
    expect(await findTask(task.id)).toMatchObject({ status: "done", completed_by: admin.id });
  });

  it("leaves a task that is already done as it was and says so", async () => {
    const first = await createTeamMember(["IT"]);
    const second = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id);
    await completeTask({ taskId: task.id, note: "First" }, as(first));

    const again = await completeTask({ taskId: task.id, note: "Second" }, { ...as(second), now: new Date("2026-11-28T10:00:00Z") });

    expect(again.outcome).toBe("alreadyClosed");
    expect(await findTask(task.id)).toMatchObject({ completed_by: first.id, completion_note: "First", completed_at: NOW });
    expect(await auditEntries("task.completed")).toHaveLength(1);
  });

  it("refuses an evidence link that is not an http(s) address, naming the field", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id);
    for (const evidenceUrl of ["javascript:alert(1)", "ftp://files.example.com/x", "tickets/42"]) {
      await expect(completeTask({ taskId: task.id, evidenceUrl }, as(owner))).rejects.toMatchObject({
        kind: "invalid",
        failures: [{ code: "task.evidenceUrl", field: "evidenceUrl" }],
      });
    }
    expect((await findTask(task.id)).status).toBe("open");
  });

  it("accepts a note of 2000 characters and refuses one of 2001", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id);
    const error = await completeTask({ taskId: task.id, note: "x".repeat(2001) }, as(owner)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainFailure);
    expect((error as DomainFailure).failures).toEqual([{ code: "task.tooLong", field: "note", values: { max: 2000 } }]);
    await completeTask({ taskId: task.id, note: "x".repeat(2000) }, as(owner));
    expect((await findTask(task.id)).completion_note).toHaveLength(2000);
  });

  it("refuses to complete a task of a cancelled departure", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id);
    await cancelDeparture(departure.id, { actorUserId: null });
    await expect(completeTask({ taskId: task.id }, as(owner))).rejects.toMatchObject({ kind: "refused", code: "task.departureCancelled" });
    await expect(markNotApplicable({ taskId: task.id, reason: "Left anyway" }, as(owner))).rejects.toMatchObject({
      kind: "refused",
      code: "task.departureCancelled",
    });
    expect((await findTask(task.id)).status).toBe("open");
  });
});

describe("marking a task not applicable", () => {
  it("requires a reason", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id);
    for (const reason of [undefined, "", "   "]) {
      await expect(markNotApplicable({ taskId: task.id, reason } as never, as(owner))).rejects.toMatchObject({
        kind: "invalid",
        failures: [{ code: "task.reasonRequired", field: "reason" }],
      });
    }
  });

  it("closes the task with its reason, who and when, and audits it on the departure", async () => {
    const owner = await createTeamMember(["Facilities"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { team: "Facilities", title: "Deactivate badge" });

    const result = await markNotApplicable({ taskId: task.id, reason: "Remote worker: never had a badge." }, as(owner));

    expect(result.outcome).toBe("notApplicable");
    expect(await findTask(task.id)).toMatchObject({
      status: "not_applicable",
      not_applicable_reason: "Remote worker: never had a badge.",
      completed_by: owner.id,
      completed_at: NOW,
    });
    const [entry] = await auditEntries("task.not_applicable");
    expect(entry).toMatchObject({ subject_type: "departure", subject_id: departure.id, data: { taskId: task.id, taskTitle: "Deactivate badge" } });
  });
});

describe("reassigning a task", () => {
  it("hands a team task to a person, who can then act on it while the team can no longer", async () => {
    const itPerson = await createTeamMember(["IT"]);
    const payroll = await createTeamMember(["Payroll"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { team: "IT" });

    const result = await reassignTask({ taskId: task.id, assignee: `user:${payroll.id}` }, as(itPerson));

    expect(result.outcome).toBe("reassigned");
    expect(await findTask(task.id)).toMatchObject({ owner_user_id: payroll.id, owner_team_id: null });
    const [entry] = await auditEntries("task.reassigned");
    expect(entry).toMatchObject({
      actor_user_id: itPerson.id,
      subject_type: "departure",
      subject_id: departure.id,
      data: { taskId: task.id, from: { kind: "team", id: await teamId("IT") }, to: { kind: "user", id: payroll.id } },
    });
    await expect(completeTask({ taskId: task.id }, as(itPerson))).rejects.toMatchObject({ kind: "notFound", code: "task.notFound" });
    await completeTask({ taskId: task.id }, as(payroll));
  });

  it("hands a personal task to a team", async () => {
    const owner = await createUser({ role: "task_owner" });
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { ownerUserId: owner.id });
    await reassignTask({ taskId: task.id, assignee: `team:${await teamId("Facilities")}` }, as(owner));
    expect(await findTask(task.id)).toMatchObject({ owner_user_id: null, owner_team_id: await teamId("Facilities") });
    const [entry] = await auditEntries("task.reassigned");
    expect(entry?.data).toMatchObject({ to: { kind: "team", teamName: "Facilities" } });
  });

  it("refuses someone who cannot own tasks (a leaver, a disabled account) and an unknown team", async () => {
    const owner = await createTeamMember(["IT"]);
    const leaver = await createUser({ role: "leaver" });
    const disabled = await createUser({ role: "task_owner", status: "disabled" });
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id);
    for (const assignee of [`user:${leaver.id}`, `user:${disabled.id}`, "team:00000000-0000-4000-8000-000000000000"]) {
      await expect(reassignTask({ taskId: task.id, assignee }, as(owner))).rejects.toMatchObject({
        kind: "invalid",
        failures: [{ code: "task.assigneeUnknown", field: "assignee" }],
      });
    }
    await expect(reassignTask({ taskId: task.id, assignee: "someone" }, as(owner))).rejects.toMatchObject({
      kind: "invalid",
      failures: [{ code: "task.assigneeRequired", field: "assignee" }],
    });
    expect((await findTask(task.id)).owner_team_id).toBe(await teamId("IT"));
  });

  it("changes nothing when the task already belongs to the chosen owner", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id);
    const result = await reassignTask({ taskId: task.id, assignee: `team:${await teamId("IT")}` }, as(owner));
    expect(result.outcome).toBe("unchanged");
    expect(await auditEntries("task.reassigned")).toEqual([]);
  });
});

describe("completing several tasks at once", () => {
  it("completes every selected task in one go, counts those already closed, and audits each on its departure", async () => {
    const owner = await createTeamMember(["IT", "Facilities"]);
    const first = await makeBareDeparture();
    const second = await makeBareDeparture();
    const a = await addTask(first.id, { team: "IT" });
    const b = await addTask(second.id, { team: "Facilities" });
    const closed = await addTask(second.id, { team: "IT", status: "done" });

    const result = await bulkComplete({ taskIds: [a.id, b.id, closed.id], note: "Batch of Friday" }, as(owner));

    expect(result).toEqual({ completed: 2, alreadyClosed: 1 });
    expect(await findTask(a.id)).toMatchObject({ status: "done", completion_note: "Batch of Friday", completed_by: owner.id });
    expect(await findTask(b.id)).toMatchObject({ status: "done" });
    const entries = await auditEntries("task.completed");
    expect(entries.map((e) => [e.subject_id, (e.data as { taskId: string }).taskId]).sort()).toEqual(
      [
        [first.id, a.id],
        [second.id, b.id],
      ].sort(),
    );
    // Both departures were planned: each starts.
    expect((await auditEntries("departure.updated")).map((e) => e.subject_id).sort()).toEqual([first.id, second.id].sort());
  });

  it("changes nothing when one selected task is not the actor's", async () => {
    const owner = await createTeamMember(["IT"]);
    const departure = await makeBareDeparture();
    const mine = await addTask(departure.id, { team: "IT" });
    const theirs = await addTask(departure.id, { team: "Payroll" });

    await expect(bulkComplete({ taskIds: [mine.id, theirs.id] }, as(owner))).rejects.toMatchObject({ kind: "notFound", code: "task.notFound" });
    expect((await findTask(mine.id)).status).toBe("open");
    expect((await findTask(theirs.id)).status).toBe("open");
  });

  it("asks for at least one task", async () => {
    const owner = await createTeamMember(["IT"]);
    await expect(bulkComplete({ taskIds: [] }, as(owner))).rejects.toMatchObject({
      kind: "invalid",
      failures: [{ code: "task.selectTasks", field: "taskIds" }],
    });
  });
});
