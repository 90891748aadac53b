"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findOrgContext } from "@/lib/auth/context";
import { importMeasurements, type ImportResult } from "@/lib/data/measurements";
import { AppError } from "@/lib/errors";
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

type Answer = ImportResult | { ok: false; message: string };

/** Checks rows (a chunk, for progress) or, with `apply`, checks and writes all of them in one transaction. */
async function run(org: string, rows: unknown, apply: boolean): Promise<Answer> {
  const ctx = await findOrgContext(typeof org === "string" ? org : "");
  if (ctx === "unauthenticated") return { ok: false, message: "Your session has ended. Sign in again." };
  if (!ctx) return { ok: false, message: "That organisation was not found." };
  const parsed = rowsSchema.safeParse(rows);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "The rows are not valid." };
  try {
    const result = await importMeasurements(ctx, parsed.data, { apply });
    if (apply && result.ok) revalidatePath(`/o/${ctx.org.slug}`, "layout");
    return result;
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    console.error(error);
    return { ok: false, message: "Something went wrong and nothing was imported. Please try again." };
  }
}

export async function checkImportAction(org: string, rows: unknown): Promise<Answer> {
  return run(org, rows, false);
}

export async function applyImportAction(org: string, rows: unknown): Promise<Answer> {
  return run(org, rows, true);
}
