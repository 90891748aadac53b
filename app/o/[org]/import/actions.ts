"use server";

import { z } from "zod";
import { orgCallAnswer } from "@/lib/actions/org-call";
import { importMeasurements } from "@/lib/data/measurements";
import { MAX_IMPORT_ROWS } from "@/lib/csv";

const rowsSchema = z
  .array(
    z.object({
      line: z.number().int().min(1),
      kpi: z.string().max(100),
      date: z.string().max(40),
      value: z.string().max(60),
      note: z.string().max(2000),
    }),
  )
  .max(MAX_IMPORT_ROWS, `A file can hold at most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it.`);

const permission = "measurements.write";

/** Checks rows (a chunk, for progress): nothing is written, so no page needs revalidating. */
export const checkImportAction = orgCallAnswer(
  rowsSchema,
  (ctx, rows) => importMeasurements(ctx, rows, { apply: false }),
  {
    permission,
    revalidate: false,
  },
);

/** Checks and writes all rows in one transaction: one bad row and nothing is written. */
export const applyImportAction = orgCallAnswer(
  rowsSchema,
  (ctx, rows) => importMeasurements(ctx, rows, { apply: true }),
  {
    permission,
  },
);
