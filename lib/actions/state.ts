/** What every form action answers: a message, or an error with per-field messages and the values typed. */
export type ActionState =
  | {
      ok: boolean;
      message?: string;
      /** Lines to show under the message, such as invitation links to copy. */
      details?: string[];
      fieldErrors?: Record<string, string[] | undefined>;
      values?: FormValues;
    }
  | undefined;

export type FormValues = Record<string, string | string[]>;

/**
 * FormData as strings; empty fields become absent. A field named `name[]` (checkboxes) becomes the
 * array `name`, even when nothing is checked; any other repeated field keeps its last value.
 */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string" || key.startsWith("$")) continue;
    if (key.endsWith("[]")) {
      const list = (values[key.slice(0, -2)] ??= []) as string[];
      if (value !== "") list.push(value);
    } else if (value !== "") values[key] = value;
  }
  return values;
}

/** Values safe to send back to the form: passwords are never echoed. */
export function echoable(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !/password/i.test(key)));
}

/** Postgres text cannot hold NUL characters: refuse them with a field message instead of a failed write. */
export function nulFields(values: FormValues): ActionState | null {
  const keys = Object.entries(values)
    .filter(([, v]) => (Array.isArray(v) ? v : [v]).some((x) => x.includes("\u0000")))
    .map(([k]) => k);
  if (keys.length === 0) return null;
  const message = "This field contains a character that can't be stored (NUL). Remove it and try again.";
  return {
    ok: false,
    message: "Check the highlighted fields.",
    fieldErrors: Object.fromEntries(keys.map((k) => [k, [message]])),
    values: echoable(values),
  };
}
