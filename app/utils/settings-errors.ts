/**
 * How a settings change (offboarding's templates, departments, reasons, holidays and teams; the
 * survey builder) says "no" to a well-formed request, so that one route helper
 * (offboarding/settings.server `runSettingsChange`) turns it into the form's answer: a 400 with the
 * messages beside the fields, or a 404. They carry messages already in the admin's language.
 */

/** A well-formed but impossible change (a cycle, a name taken, a record still in use). */
export class SettingsValidationError extends Error {
  constructor(
    public readonly fieldErrors: Record<string, string[]>,
    public readonly formErrors: string[] = [],
  ) {
    super([...formErrors, ...Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(" ")}`)].join("; "));
    this.name = "SettingsValidationError";
  }

  static field(field: string, message: string) {
    return new SettingsValidationError({ [field]: [message] });
  }

  static form(message: string) {
    return new SettingsValidationError({}, [message]);
  }
}

/** The record named in the address does not exist (the route answers 404). */
export class SettingsNotFoundError extends Error {
  constructor(kind: string, id: string) {
    super(`No ${kind} ${id}`);
    this.name = "SettingsNotFoundError";
  }
}
