import { z } from "zod";

/**
 * Field rules: what one value must be once decoded, with the messages that say so. Each resource
 * writes its rules once with these (lib/validations/<resource>.ts) and lib/validations/contract.ts
 * derives the form and the JSON encodings from them, so a limit or a message is never said twice.
 */

/** "" from an empty form field means "not given". */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Postgres text can't hold the NUL character: refuse it here rather than fail in the database. */
const noNul = (s: string) => !s.includes("\u0000");
const withoutNul = <S extends z.ZodString>(schema: S, label: string) =>
  schema.refine(noNul, `${label} can't contain the NUL character (\\u0000).`);

/** 1000000 → "1,000,000": limits as people read them. */
const shown = (n: number) => n.toLocaleString("en");

/** Trimmed text of at most `max` characters; `required` is the message when it is missing. */
export function text(label: string, max: number, messages: { required?: string; tooLong?: string } = {}) {
  return withoutNul(
    z
      .string({
        error: (issue) =>
          issue.input === undefined ? (messages.required ?? `${label} is required.`) : `${label} must be a string.`,
      })
      .trim()
      .max(max, messages.tooLong ?? `Keep it under ${max} characters.`),
    label,
  );
}

/** Text that can't be blank: `required` says what to enter (“Name the stream.”). */
export function requiredText(label: string, max: number, required: string, tooLong?: string) {
  return text(label, max, { required, tooLong }).min(1, required);
}

interface NumberBounds {
  min?: number;
  max?: number;
  /** Strictly above. */
  gt?: number;
  int?: boolean;
}

/**
 * A finite number within bounds. A form's text that is no decimal arrives as NaN (see contract.ts)
 * and reads “must be a number”; JSON has no NaN or Infinity (1e999 parses to Infinity).
 */
export function number(
  label: string,
  bounds: NumberBounds,
  messages: { type?: string; int?: string; min?: string; max?: string } = {},
) {
  let schema = z.number({
    error: (issue) =>
      messages.type ??
      (issue.input === undefined
        ? `${label} is required.`
        : typeof issue.input === "number" && !Number.isNaN(issue.input)
          ? `${label} must be a finite number.`
          : `${label} must be a number.`),
  });
  if (bounds.int) schema = schema.int(messages.int ?? `${label} must be a whole number.`);
  if (bounds.gt !== undefined) schema = schema.gt(bounds.gt, `${label} must be above ${shown(bounds.gt)}.`);
  if (bounds.min !== undefined)
    schema = schema.min(bounds.min, messages.min ?? `${label} must be at least ${shown(bounds.min)}.`);
  if (bounds.max !== undefined)
    schema = schema.max(bounds.max, messages.max ?? `${label} must be at most ${shown(bounds.max)}.`);
  return schema;
}

/** Values people record (targets, measurements): a double holds them exactly enough within ±10¹⁵. */
export const VALUE_LIMIT = 1e15;
export const measure = (label: string) =>
  number(
    label,
    { min: -VALUE_LIMIT, max: VALUE_LIMIT },
    { min: `${label} is too large.`, max: `${label} is too large.` },
  );

/** A share from 0 to 1 (forms may enter it as a percentage: see contract.ts). */
export const share = (label: string) => number(label, { min: 0, max: 1 });

/** One of `values`, else `message` (forms and the API say the same: “Choose a cadence: week, month or quarter.”). */
export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message });
}

/** “a, b or c”. */
export const listOf = (values: readonly string[]) =>
  values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values.at(-1)}` : (values[0] ?? "");

/** true or false: a JSON boolean, or a form's checkbox (see contract.ts). */
export const flag = (label: string) => z.boolean({ error: `${label} must be true or false.` });

export const idSchema = z.uuid("That id is not valid.");

/** A user id (Auth.js ids are short strings). */
export const userIdSchema = withoutNul(z.string().min(1).max(64), "The user id");
