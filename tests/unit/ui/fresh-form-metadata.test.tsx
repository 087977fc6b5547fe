import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { renderToStaticMarkup } from "react-dom/server";
import type { z } from "zod";
import { freshFieldset, freshFormMetadata } from "~/components/forms/fresh-form-metadata";
import { translator } from "~/modules/i18n/translator";
import { completeTaskSchema, notApplicableSchema, reassignTaskSchema } from "~/modules/offboarding/task-action-schemas";

/**
 * The inbox draws a closed task form from fresh metadata instead of conform's useForm. Whatever the
 * page draws with it must be what conform would have drawn: every prop helper, for every field.
 * The one difference is conform's submit handler (an event handler is not part of the markup): a
 * closed form cannot be submitted, and the page switches to useForm when it is opened.
 */

type Props = Record<string, unknown>;

type AnyForm = Parameters<typeof getFormProps>[0];
type AnyField = Parameters<typeof getInputProps>[0];

function propsOf(form: AnyForm, fields: Record<string, AnyField>) {
  const drawn: Record<string, Props> = { form: getFormProps(form) };
  for (const [name, field] of Object.entries(fields)) {
    drawn[`${name} input`] = getInputProps(field, { type: "text" });
    drawn[`${name} url`] = getInputProps(field, { type: "url" });
    drawn[`${name} checkbox`] = getInputProps(field, { type: "checkbox", value: "yes" });
    drawn[`${name} textarea`] = getTextareaProps(field);
    drawn[`${name} select`] = getSelectProps(field);
    drawn[`${name} described`] = getInputProps(field, { type: "text", ariaDescribedBy: `${field.id}-hint` });
    drawn[`${name} state`] = { errors: field.errors, id: field.id, errorId: field.errorId, descriptionId: field.descriptionId };
  }
  drawn["form state"] = { errors: form.errors, errorId: form.errorId, id: form.id };
  return drawn;
}

/** What conform's useForm gives on a server render of a form nobody touched. */
function conformProps(formId: string, names: string[]): Record<string, Props> {
  let captured: Record<string, Props> = {};
  function Probe() {
    const [form, fields] = useForm<Record<string, string>>({ id: formId });
    captured = propsOf(form as unknown as AnyForm, Object.fromEntries(names.map((name) => [name, fields[name]! as AnyField])));
    return null;
  }
  renderToStaticMarkup(<Probe />);
  return captured;
}

const t = translator("en", "tasks");
const schemas: Array<[string, z.ZodObject]> = [
  ["complete", completeTaskSchema(t)],
  ["notApplicable", notApplicableSchema(t)],
  ["reassign", reassignTaskSchema(t)],
];

describe("fresh form metadata", () => {
  test.each(schemas)("gives the same props as conform for every field of the %s form", (intent, schema) => {
    const formId = `${intent}-0b6f1c1e-3f0c-4c39-9d56-1f7c4b9a2e10`;
    const names = Object.keys(schema.shape);
    const fresh = propsOf(freshFormMetadata(formId) as unknown as AnyForm, freshFieldset(formId, names));
    const conform = conformProps(formId, names);
    expect(typeof conform["form"]!.onSubmit).toBe("function");
    const { onSubmit: _handler, ...conformForm } = conform["form"]!;
    expect(fresh).toEqual({ ...conform, form: conformForm });
    expect(fresh["form"]).toEqual({ id: formId, noValidate: true });
  });
});
