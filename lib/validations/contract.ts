import { z } from "zod";
import { blankToUndefined } from "./fields";

/**
 * One contract per resource: its fields, each a rule (lib/validations/fields.ts) and whether it must be
 * given, written once. Two encodings are derived from it:
 *
 * - `form`: FormData strings. A blank field is absent, numbers are decimal strings (coerced; hex,
 *   "Infinity" and the like are refused), shares may be entered as percentages, a flag is a checkbox
 *   (absent when not ticked, so it defaults to false). Dates stay ISO strings. Objects are not strict: forms carry more fields
 *   (`org`, Next's own).
 * - `json`: the REST API's bodies. No coercion (a number is a JSON number), and `null` clears an
 *   optional field. `patch` is the same for changes: every field may be left out.
 *
 * Callers compose objects from these shapes (`z.object({ streamId, ...kpi.form })`, or
 * `z.strictObject(...)` for JSON), so the ids and the extras of each operation stay visible.
 */

type Presence =
  /** Must be given. */
  | "required"
  /** May be left out (the server then decides); JSON can't send null. */
  | "optional"
  /** May be left out; JSON's null clears it. */
  | "clearable"
  /** Left out, it takes this value. */
  | { default: unknown };

export interface Field<S extends z.ZodType = z.ZodType, P extends Presence = Presence> {
  rule: S;
  presence: P;
  /** What the field means, for the API document (said of the field as sent, null included). */
  description?: string;
  /** A share that forms enter as a percentage from 0 to 100. */
  percent?: boolean;
}

type Options = Pick<Field, "description" | "percent">;

export const required = <S extends z.ZodType>(rule: S, options: Options = {}): Field<S, "required"> => ({
  rule,
  presence: "required",
  ...options,
});
export const optional = <S extends z.ZodType>(rule: S, options: Options = {}): Field<S, "optional"> => ({
  rule,
  presence: "optional",
  ...options,
});
export const clearable = <S extends z.ZodType>(rule: S, options: Options = {}): Field<S, "clearable"> => ({
  rule,
  presence: "clearable",
  ...options,
});
export const defaulted = <S extends z.ZodType>(
  rule: S,
  value: z.output<S>,
  options: Options = {},
): Field<S, { default: z.output<S> }> => ({ rule, presence: { default: value }, ...options });

// ---- The form encoding -------------------------------------------------------------------------------

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal string as a number; any other string reads NaN, which the rule refuses as "not a number". */
const formNumber = (v: unknown) => (typeof v === "string" ? (DECIMAL.test(v.trim()) ? Number(v) : Number.NaN) : v);

const PERCENT = "Enter a percentage from 0 to 100.";

/** A share entered as a percentage: 95 → 0.95, then checked by the share's own rule. */
const fromPercent = (rule: z.ZodType) =>
  z
    .number({ error: PERCENT })
    .min(0, PERCENT)
    .max(100, PERCENT)
    .transform((p) => p / 100)
    .pipe(rule as z.ZodType<unknown, number>);

type Decoded<S extends z.ZodType> = z.ZodType<z.output<S>, unknown>;
type Preprocessed<T extends z.ZodType> = z.ZodPipe<z.ZodTransform<unknown, unknown>, T>;

export type FormEncoding<F> =
  F extends Field<infer S, infer P>
    ? Preprocessed<
        P extends "required"
          ? Decoded<S>
          : P extends "optional" | "clearable"
            ? z.ZodOptional<Decoded<S>>
            : z.ZodDefault<Decoded<S>>
      >
    : never;

/** A ticked checkbox sends its value ("on" unless it has one); an unticked one sends nothing (default it to false). */
const formCheckbox = (v: unknown) => (typeof v === "string" ? v !== "false" && v !== "0" : v);

export function formField<F extends Field>(field: F): FormEncoding<F> {
  const { rule, presence } = field;
  const decode =
    field.percent || rule.type === "number" ? formNumber : rule.type === "boolean" ? formCheckbox : (v: unknown) => v;
  const decoded = field.percent ? fromPercent(rule) : rule;
  const given =
    presence === "required"
      ? decoded
      : typeof presence === "object"
        ? decoded.default(presence.default)
        : decoded.optional();
  return z.preprocess((v) => decode(blankToUndefined(v)), given) as FormEncoding<F>;
}

// ---- The JSON encodings ------------------------------------------------------------------------------

export type JsonEncoding<F> =
  F extends Field<infer S, infer P>
    ? P extends "required"
      ? S
      : P extends "optional"
        ? z.ZodOptional<S>
        : P extends "clearable"
          ? z.ZodOptional<z.ZodNullable<S>>
          : z.ZodDefault<S>
    : never;

export type PatchEncoding<F> =
  F extends Field<infer S, infer P>
    ? P extends "clearable"
      ? z.ZodOptional<z.ZodNullable<S>>
      : z.ZodOptional<S>
    : never;

const described = <S extends z.ZodType>(schema: S, description: string | undefined): S =>
  description === undefined ? schema : schema.describe(description);

export function jsonField<F extends Field>(field: F): JsonEncoding<F> {
  const { rule, presence } = field;
  const given =
    presence === "required"
      ? rule
      : presence === "optional"
        ? rule.optional()
        : presence === "clearable"
          ? rule.nullable().optional()
          : rule.default(presence.default);
  return described(given, field.description) as JsonEncoding<F>;
}

/** A change: any field may be left out; defaults don't apply (the stored value stays). */
export function patchField<F extends Field>(field: F): PatchEncoding<F> {
  const given = field.presence === "clearable" ? field.rule.nullable().optional() : field.rule.optional();
  return described(given, field.description) as PatchEncoding<F>;
}

// ---- A resource's contract ---------------------------------------------------------------------------

const mapFields = <F extends Record<string, Field>, R>(fields: F, encode: (field: Field) => R) =>
  Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, encode(field)]));

export function contract<F extends Record<string, Field>>(fields: F) {
  return {
    fields,
    form: mapFields(fields, formField) as { [K in keyof F]: FormEncoding<F[K]> },
    json: mapFields(fields, jsonField) as { [K in keyof F]: JsonEncoding<F[K]> },
    patch: mapFields(fields, patchField) as { [K in keyof F]: PatchEncoding<F[K]> },
  };
}
