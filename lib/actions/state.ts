/** What every form action answers: a message, or an error with per-field messages and the values typed. */
export type ActionState =
  | {
      ok: boolean;
      message?: string;
      fieldErrors?: Record<string, string[] | undefined>;
      values?: Record<string, string>;
    }
  | undefined;

/** FormData as strings; empty fields become absent; passwords are never echoed back. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && value !== "" && !key.startsWith("$")) values[key] = value;
  }
  return values;
}

export function echoable(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !/password/i.test(key)));
}
