import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { renderToStaticMarkup } from "react-dom/server";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { StatusBadge } from "~/components/status-badge";

/** The attributes of the first element matching `tag` (and `id`, if given) in static markup. */
function attributesOf(html: string, tag: string, id?: string): Record<string, string> {
  const pattern = new RegExp(`<${tag}\\b([^>]*)>`, "g");
  for (const match of html.matchAll(pattern)) {
    const attributes: Record<string, string> = {};
    for (const [, name, value] of match[1]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attributes[name!] = value ?? "";
    if (id === undefined || attributes.id === id) return attributes;
  }
  throw new Error(`no <${tag}${id ? ` id="${id}"` : ""}> in ${html}`);
}

function elementTextById(html: string, id: string): string {
  const match = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  if (!match) throw new Error(`no element with id="${id}" in ${html}`);
  return match[2]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
}

const schema = z.object({
  email: z.email({ message: "Enter an email address such as ada@example.com." }),
  role: z.enum(["hr_admin", "task_owner"], { message: "Choose a role." }),
  note: z.string({ message: "Write a note." }).min(3, { message: "Write at least 3 characters." }),
});

/** What the server answers after a failed submission (the same object the client gets as lastResult). */
function failedSubmission(values: Record<string, string>): SubmissionResult<string[]> {
  const formData = new FormData();
  for (const [name, value] of Object.entries(values)) formData.set(name, value);
  return parseWithZod(formData, { schema }).reply();
}

function ConformForm({ lastResult, withHint = false }: { lastResult?: SubmissionResult<string[]>; withHint?: boolean }) {
  const [form, fields] = useForm({ id: "invite", lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema }) });
  return (
    <form {...getFormProps(form)}>
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field
        label="Email"
        hint={withHint ? "Their work address." : undefined}
        errors={fields.email.errors}
        inputProps={getInputProps(fields.email, { type: "email" })}
      />
      <Field label="Role" errors={fields.role.errors} selectProps={getSelectProps(fields.role)}>
        <option value="hr_admin">HR admin</option>
        <option value="task_owner">Task owner</option>
      </Field>
      <Field label="Note" errors={fields.note.errors} textareaProps={getTextareaProps(fields.note)} />
    </form>
  );
}

describe("Field with conform field metadata", () => {
  it("labels the control and marks it invalid, described by its rendered error list, after a failed submission", () => {
    const html = renderToStaticMarkup(<ConformForm lastResult={failedSubmission({ email: "not-an-email", role: "hr_admin", note: "ok!" })} />);

    const input = attributesOf(html, "input");
    expect(input.id).toBe("invite-email");
    expect(input.name).toBe("email");
    expect(input.type).toBe("email");
    expect(input.value).toBe("not-an-email");
    expect(input["aria-invalid"]).toBe("true");
    expect(input["aria-describedby"]).toBe("invite-email-error");
    expect(attributesOf(html, "label").for).toBe("invite-email");
    expect(elementTextById(html, "invite-email-error")).toBe("Enter an email address such as ada@example.com.");
  });

  it("wires select and textarea the same way", () => {
    const html = renderToStaticMarkup(<ConformForm lastResult={failedSubmission({ email: "ada@example.com", role: "boss", note: "x" })} />);

    const select = attributesOf(html, "select");
    expect(select).toMatchObject({ id: "invite-role", "aria-invalid": "true", "aria-describedby": "invite-role-error" });
    expect(elementTextById(html, "invite-role-error")).toBe("Choose a role.");
    const textarea = attributesOf(html, "textarea");
    expect(textarea).toMatchObject({ id: "invite-note", "aria-invalid": "true", "aria-describedby": "invite-note-error" });
    expect(elementTextById(html, "invite-note-error")).toBe("Write at least 3 characters.");
    // The valid field is left alone.
    expect(attributesOf(html, "input")["aria-invalid"]).toBeUndefined();
    expect(html).not.toContain('id="invite-email-error"');
  });

  it("describes a valid control by its hint only, and never points at an error list that is not there", () => {
    const html = renderToStaticMarkup(<ConformForm withHint />);

    const input = attributesOf(html, "input");
    expect(input["aria-invalid"]).toBeUndefined();
    expect(input["aria-describedby"]).toBe("invite-email-description");
    expect(elementTextById(html, "invite-email-description")).toBe("Their work address.");
    expect(html).not.toContain("-error");
  });

  it("reads the hint before the errors when the control has both", () => {
    function WithHintAndError() {
      const [, fields] = useForm<z.input<typeof schema>>({ id: "f", lastResult: failedSubmission({ email: "x", role: "hr_admin", note: "long enough" }) });
      return (
        <Field label="Email" hint="Work address" errors={fields.email.errors} inputProps={getInputProps(fields.email, { type: "email" })} />
      );
    }
    const input = attributesOf(renderToStaticMarkup(<WithHintAndError />), "input");
    expect(input["aria-describedby"]).toBe("f-email-description f-email-error");
  });
});

describe("Field with plain props", () => {
  it("derives the id from the name and wires errors and hint", () => {
    const html = renderToStaticMarkup(
      <Field label="Name" hint="As on the contract" errors={["Enter a name."]} inputProps={{ name: "name", required: true }} />,
    );

    const input = attributesOf(html, "input");
    expect(input).toMatchObject({
      id: "field-name",
      name: "name",
      "aria-invalid": "true",
      "aria-describedby": "field-name-description field-name-error",
    });
    expect(input.required).toBe("");
    expect(attributesOf(html, "label").for).toBe("field-name");
    expect(elementTextById(html, "field-name-error")).toBe("Enter a name.");
  });

  it("keeps an extra description the caller points at", () => {
    const html = renderToStaticMarkup(
      <Field label="Code" errors={[]} inputProps={{ id: "code", name: "code", "aria-describedby": "code-help" }} />,
    );
    const input = attributesOf(html, "input");
    expect(input["aria-describedby"]).toBe("code-help");
    expect(input["aria-invalid"]).toBeUndefined();
  });

  it("puts a checkbox before its label and still names it", () => {
    const html = renderToStaticMarkup(
      <Field label="Send me the newsletter" errors={["Tick the box to go on."]} inputProps={{ type: "checkbox", name: "newsletter" }} />,
    );
    expect(html.indexOf("<input")).toBeLessThan(html.indexOf("<label"));
    expect(attributesOf(html, "label").for).toBe("field-newsletter");
    expect(attributesOf(html, "input")).toMatchObject({ id: "field-newsletter", "aria-invalid": "true", "aria-describedby": "field-newsletter-error" });
  });
});

describe("FormErrorSummary", () => {
  it("renders nothing without errors", () => {
    expect(renderToStaticMarkup(<FormErrorSummary errors={[]} />)).toBe("");
    expect(renderToStaticMarkup(<FormErrorSummary errors={undefined} />)).toBe("");
  });

  it("announces form-level errors as an alert under the id the form points at", () => {
    const html = renderToStaticMarkup(<FormErrorSummary id="login-form-error" errors={["Wrong email or password."]} />);
    expect(attributesOf(html, "div")).toMatchObject({ id: "login-form-error", role: "alert" });
    expect(html).toContain("Wrong email or password.");
  });
});

describe("Button, Alert and StatusBadge", () => {
  it("disables a pending button, marks it busy and shows the pending label", () => {
    const html = renderToStaticMarkup(
      <Button pending pendingLabel="Saving…">
        Save
      </Button>,
    );
    expect(attributesOf(html, "button")).toMatchObject({ type: "submit", disabled: "", "aria-busy": "true", class: "button" });
    expect(html).toContain("Saving…");
    expect(html).not.toContain("Save<");
  });

  it("styles variants through classes", () => {
    const html = renderToStaticMarkup(
      <Button variant="danger" size="small" block type="button">
        Delete
      </Button>,
    );
    expect(attributesOf(html, "button")).toMatchObject({ type: "button", class: "button button--danger button--small button--block" });
  });

  it("interrupts screen readers only for errors", () => {
    expect(attributesOf(renderToStaticMarkup(<Alert tone="error">Broken</Alert>), "div").role).toBe("alert");
    expect(attributesOf(renderToStaticMarkup(<Alert tone="success">Saved</Alert>), "div").role).toBe("status");
    expect(attributesOf(renderToStaticMarkup(<Alert>Note</Alert>), "div").role).toBe("status");
  });

  it("gives each badge tone its class", () => {
    expect(renderToStaticMarkup(<StatusBadge tone="danger">Failed</StatusBadge>)).toBe('<span class="badge badge--danger">Failed</span>');
    expect(renderToStaticMarkup(<StatusBadge>Queued</StatusBadge>)).toBe('<span class="badge badge--neutral">Queued</span>');
  });
});
