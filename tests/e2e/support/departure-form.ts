import type { Page } from "playwright-core";
import enDepartures from "~/locales/en/departures.json";
import { expectPath, expectVisible } from "./browser";

/**
 * HR records a departure with the form (signed in as HR, in English): the person in the demo seed's
 * Platform department, noticed on `noticeDate`, leaving on `lastDay`, no personal address. Resolves
 * with the new departure's path once its page shows the person's name.
 */
export async function recordDepartureWithForm(
  hr: Page,
  portalUrl: string,
  person: { name: string; email: string },
  dates: { noticeDate: string; lastDay: string },
): Promise<string> {
  await hr.goto(`${portalUrl}/admin/departures/new`);
  const form = hr.getByRole("main");
  await form.getByLabel(enDepartures.fields.employeeName, { exact: true }).fill(person.name);
  await form.getByLabel(enDepartures.fields.employeeEmail, { exact: true }).fill(person.email);
  const department = form.getByLabel(enDepartures.fields.departmentId, { exact: true });
  // Options are indented to show the tree; pick Platform (under Engineering) by its text.
  const platform = await department.locator("option", { hasText: "Platform" }).getAttribute("value");
  await department.selectOption(platform!);
  await form.getByLabel(enDepartures.fields.noticeDate, { exact: true }).fill(dates.noticeDate);
  await form.getByLabel(enDepartures.fields.lastDay, { exact: true }).fill(dates.lastDay);
  await form.getByRole("button", { name: enDepartures.form.submit }).click();
  await expectPath(hr, /^\/admin\/departures\/[0-9a-f-]{36}(\?notice=created)?$/);
  await expectVisible(hr.getByRole("heading", { level: 1, name: person.name }));
  return new URL(hr.url()).pathname;
}
