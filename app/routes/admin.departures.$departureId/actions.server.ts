import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import { failureText } from "~/modules/i18n/failure-text";
import { translator } from "~/modules/i18n/translator";
import { getDateWindow } from "~/modules/offboarding/date-window.server";
import { departureFormReply } from "~/modules/offboarding/departure-form-reply.server";
import { confirmationSchema, DEPARTURE_PAGE_INTENTS, departureDatesFormSchema } from "~/modules/offboarding/departure-forms";
import { handleTaskIntent } from "~/modules/offboarding/departure-tasks-admin.server";
import { cancelDeparture, updateDeparture, updateDeparturePersonalEmail } from "~/modules/offboarding/departures.server";
import { personalEmailFormSchema } from "~/modules/offboarding/personal-email";
import { todayIn } from "~/utils/calendar-days";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isDomainFailure, type Failure } from "~/utils/failures";
import { notFound } from "~/utils/responses";
import type { Departure } from "../../../db/schema";
import type { DepartureActionReply } from "./departure-data";

/**
 * The departure page's forms, one intent each: the dates and status, cancelling, the personal
 * address, and the tasks (added, edited, removed). Each answers a redirect with a notice, or its
 * form's errors (400) in the admin's language.
 */

type Intent = (typeof DEPARTURE_PAGE_INTENTS)[number];

interface ActionContext {
  departure: Departure;
  actorUserId: string;
  locale: AppLocale;
}

export const NO_SUCH_DEPARTURE = "There is no departure with this id.";

export async function handleDepartureAction(formData: FormData, context: ActionContext) {
  const td = translator(context.locale, "departures");
  const intent = z.enum(DEPARTURE_PAGE_INTENTS).safeParse(formData.get("intent"));
  if (!intent.success) {
    return json<DepartureActionReply>({ intent: null, result: null, formError: td("detail.errors.intent") }, { status: 400 });
  }
  try {
    return await INTENTS[intent.data](formData, context, intent.data);
  } catch (error) {
    // Removed or cancelled by someone else meanwhile, or an id that was never on this departure.
    if (isDomainFailure(error) && error.code === "departure.notFound") throw notFound(NO_SUCH_DEPARTURE);
    if (isDomainFailure(error) && error.code === "departureTask.notFound") {
      const formError = failureText(error.failures[0]!, context.locale);
      return json<DepartureActionReply>({ intent: intent.data, result: null, formError }, { status: 404 });
    }
    throw error;
  }
}

type IntentHandler = (formData: FormData, context: ActionContext, intent: Intent) => Promise<Response>;

const here = (departure: Departure) => `/admin/departures/${departure.id}`;
const badRequest = (intent: Intent, result: DepartureActionReply["result"]) => json<DepartureActionReply>({ intent, result }, { status: 400 });

const updateDates: IntentHandler = async (formData, { departure, actorUserId, locale }, intent) => {
  const td = translator(locale, "departures");
  const { pastDays, futureDays } = await getDateWindow(getDb());
  const dateContext = {
    today: todayIn(getEnv().COMPANY_TIME_ZONE),
    window: { pastDays, futureDays },
    current: { noticeDate: departure.notice_date, lastDay: departure.last_day, terminationDate: departure.termination_date },
  };
  const submission = parseWithZod(formData, { schema: departureDatesFormSchema(translator(locale, "offboarding"), dateContext) });
  if (submission.status !== "success") return badRequest(intent, submission.reply());
  const { confirmUnusualDates, ...patch } = submission.value;
  try {
    const { redated } = await updateDeparture(departure.id, patch, { actorUserId, confirmUnusualDates });
    return redirect(`${here(departure)}?${new URLSearchParams({ notice: "updated", redated: String(redated) })}`);
  } catch (error) {
    if (!isDomainFailure(error) || error.kind === "notFound") throw error;
    // The code names statuses by their ids: the page says them with the labels it shows.
    const to = submission.value.status;
    const wording = (failure: Failure) =>
      failure.code === "departure.statusTransition" && to
        ? td("detail.errors.statusTransition", { from: td(`statuses.${departure.status}`), to: td(`statuses.${to}`) })
        : undefined;
    return badRequest(intent, departureFormReply(submission, error, locale, wording));
  }
};

const cancel: IntentHandler = async (formData, { departure, actorUserId, locale }, intent) => {
  const td = translator(locale, "departures");
  const submission = parseWithZod(formData, { schema: confirmationSchema(td("detail.cancel.confirmRequired")) });
  if (submission.status !== "success") return badRequest(intent, submission.reply());
  try {
    await cancelDeparture(departure.id, { actorUserId });
    return redirect(`${here(departure)}?notice=cancelled`);
  } catch (error) {
    if (!isDomainFailure(error) || error.kind !== "refused") throw error;
    const message = td("detail.cancel.notAllowed", { status: td(`statuses.${departure.status}`) });
    return badRequest(intent, submission.reply({ fieldErrors: { confirm: [message] } }));
  }
};

const savePersonalEmail: IntentHandler = async (formData, { departure, actorUserId, locale }, intent) => {
  const submission = parseWithZod(formData, { schema: personalEmailFormSchema(translator(locale, "offboarding"), departure.employee_email) });
  if (submission.status !== "success") return badRequest(intent, submission.reply());
  const personalEmail = submission.value.personalEmail ?? null;
  await updateDeparturePersonalEmail(departure.id, personalEmail, { actorUserId });
  return redirect(`${here(departure)}?notice=${personalEmail ? "personalEmailSaved" : "personalEmailRemoved"}#exit-flow-title`);
};

const changeTask: IntentHandler = async (formData, { departure, actorUserId, locale }, intent) => {
  const outcome = await handleTaskIntent(intent as "addTask" | "editTask" | "removeTask", formData, { departureId: departure.id, actorUserId, locale });
  if (!outcome.ok) return badRequest(intent, outcome.result);
  const anchor = outcome.notice === "taskRemoved" ? "#checklist" : `#task-${outcome.taskId}`;
  return redirect(`${here(departure)}?notice=${outcome.notice}${anchor}`);
};

const INTENTS: Record<Intent, IntentHandler> = {
  update: updateDates,
  cancel,
  personalEmail: savePersonalEmail,
  addTask: changeTask,
  editTask: changeTask,
  removeTask: changeTask,
};
