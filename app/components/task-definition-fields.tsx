/**
 * TaskDefinitionFields: the fields of one checklist task (title and description in English and
 * French, category, owner, the date it is counted from, the offset in business days, "before the
 * last day"), for HR's add-a-task and edit-a-task forms on a departure. Wired to conform's fields of
 * `taskFormSchema` (app/modules/offboarding/departure-forms.ts).
 *
 *   <TaskDefinitionFields fields={fields} owners={owners} />
 *
 * The owner is one select ("team:<id>" or "user:<id>"), grouped into teams and people: a person
 * or a team, never both, and nothing to tick without JavaScript.
 */
import { getInputProps, getSelectProps, getTextareaProps, type useForm } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/field";
import type { TaskFormValues } from "~/modules/offboarding/departure-forms";
import { TASK_ANCHORS, TASK_CATEGORIES } from "~/modules/offboarding/types";

export type TaskFormFields = ReturnType<typeof useForm<Partial<TaskFormValues>>>[1];

export interface TaskOwnerChoices {
  teams: { id: string; name: string }[];
  people: { id: string; name: string }[];
}

export function TaskDefinitionFields({
  fields,
  owners,
}: {
  fields: TaskFormFields;
  owners: TaskOwnerChoices;
}) {
  const { t } = useTranslation("departures");
  const ownerErrors = [...(fields.owner.errors ?? []), ...(fields.ownerUserId.errors ?? []), ...(fields.ownerTeamId.errors ?? [])];
  return (
    <div className="departure-task-fields">
      <div className="field-row">
        <Field
          label={t("fields.titleEn")}
          errors={fields.titleEn.errors}
          inputProps={{ ...getInputProps(fields.titleEn, { type: "text" }), required: true, lang: "en" }}
        />
        <Field
          label={t("fields.titleFr")}
          errors={fields.titleFr.errors}
          inputProps={{ ...getInputProps(fields.titleFr, { type: "text" }), required: true, lang: "fr" }}
        />
      </div>
      <fieldset className="fieldset" aria-describedby={`${fields.descriptionEn.id}-pair-hint`}>
        <legend>{t("fields.description")}</legend>
        <p className="field__hint" id={`${fields.descriptionEn.id}-pair-hint`}>
          {t("detail.descriptionHint")}
        </p>
        <div className="field-row">
          <Field
            label={t("fields.descriptionEn")}
            errors={fields.descriptionEn.errors}
            textareaProps={{ ...getTextareaProps(fields.descriptionEn), lang: "en" }}
          />
          <Field
            label={t("fields.descriptionFr")}
            errors={fields.descriptionFr.errors}
            textareaProps={{ ...getTextareaProps(fields.descriptionFr), lang: "fr" }}
          />
        </div>
      </fieldset>
      <div className="departure-form__grid">
        <Field label={t("fields.category")} errors={fields.category.errors} selectProps={{ ...getSelectProps(fields.category), required: true }}>
          {TASK_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t(`categories.${category}`)}
            </option>
          ))}
        </Field>
        <Field label={t("fields.owner")} errors={ownerErrors} selectProps={{ ...getSelectProps(fields.owner), required: true }}>
          <option value="">{t("detail.ownerOptions.choose")}</option>
          <optgroup label={t("detail.ownerOptions.teams")}>
            {owners.teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("detail.ownerOptions.people")}>
            {owners.people.map((person) => (
              <option key={person.id} value={`user:${person.id}`}>
                {person.name}
              </option>
            ))}
          </optgroup>
        </Field>
        <Field label={t("fields.anchor")} errors={fields.anchor.errors} selectProps={{ ...getSelectProps(fields.anchor), required: true }}>
          {TASK_ANCHORS.map((anchor) => (
            <option key={anchor} value={anchor}>
              {t(`anchors.${anchor}`)}
            </option>
          ))}
        </Field>
        <Field
          label={t("fields.offsetBusinessDays")}
          hint={t("detail.offsetHint")}
          errors={fields.offsetBusinessDays.errors}
          inputProps={{ ...getInputProps(fields.offsetBusinessDays, { type: "number" }), step: 1, min: -260, max: 260, required: true }}
        />
      </div>
      <Field
        label={t("fields.beforeLastDay")}
        errors={fields.beforeLastDay.errors}
        inputProps={getInputProps(fields.beforeLastDay, { type: "checkbox" })}
      />
    </div>
  );
}
