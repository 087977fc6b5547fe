import type { FieldMetadata, FormMetadata } from "@conform-to/react";

/**
 * What conform's useForm gives a form that has no state yet (no value typed, no error, no answer
 * from the action), as plain objects: the props getFormProps and getInputProps derive from them are
 * the same (tests/unit/ui/fresh-form-metadata.test.tsx). For pages that repeat a form per row (the
 * inbox has three per task): useForm builds a form context and a proxy per field read, which cost
 * more than the rest of the row. Such a page renders the fresh form with these and switches to
 * useForm once the form is in use (opened, or answered by the action).
 */
export function freshFormMetadata(formId: string): FormMetadata<Record<string, unknown>, string[]> {
  return {
    ...freshMetadata(formId, ""),
    noValidate: true,
    onSubmit: undefined,
  } as unknown as FormMetadata<Record<string, unknown>, string[]>;
}

export function freshFieldset<Names extends string>(formId: string, names: readonly Names[]): Record<Names, FieldMetadata<string, Record<string, unknown>, string[]>> {
  return Object.fromEntries(names.map((name) => [name, freshMetadata(formId, name)])) as Record<
    Names,
    FieldMetadata<string, Record<string, unknown>, string[]>
  >;
}

function freshMetadata(formId: string, name: string) {
  const id = name ? `${formId}-${name}` : formId;
  return {
    id,
    name,
    formId,
    errorId: `${id}-error`,
    descriptionId: `${id}-description`,
    errors: undefined,
    allErrors: {},
    valid: true,
    dirty: false,
    initialValue: undefined,
    value: undefined,
    key: undefined,
  };
}
