import { z } from "zod";

/** "" from an empty form field means "not given". */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number from a form (a decimal string) or JSON (a number). Unlike z.coerce it refuses hex, binary,
 * "Infinity" and blank strings instead of reading them as numbers.
 */
export const decimal = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (DECIMAL.test(v.trim()) ? Number(v) : Number.NaN) : v),
    z.number({ error: `${label} must be a number.` }).refine(Number.isFinite, `${label} must be a finite number.`),
  );
