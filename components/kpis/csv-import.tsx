"use client";

import { useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/button";
import { MAX_IMPORT_ROWS, readMeasurementsFile, type MeasurementRow } from "@/lib/csv";
import type { Refusal } from "@/lib/actions/prelude";
import type { ImportResult, RowError } from "@/lib/data/measurements";
import { counted } from "@/lib/plural";

type Answer = ImportResult | Refusal;
type Action = (org: string, rows: MeasurementRow[]) => Promise<Answer>;

const CHUNK = 2000;

/** A refusal of the rows as a whole (too many) says why in its form-level field message. */
const refusalMessage = (refusal: Refusal) => refusal.fieldErrors?.form?.[0] ?? refusal.message;

type State =
  | { step: "idle" }
  | { step: "reading"; file: string; share: number }
  | { step: "read"; file: string; rows: MeasurementRow[] }
  | { step: "checking"; file: string; rows: MeasurementRow[]; done: number }
  | { step: "invalid"; file: string; rows: MeasurementRow[]; errors: RowError[] }
  | { step: "ready"; file: string; rows: MeasurementRow[]; count: number }
  | { step: "importing"; file: string; rows: MeasurementRow[] }
  | { step: "done"; count: number; replaced: number }
  | { step: "failed"; message: string };

/**
 * Import in three steps: read the file and preview it, check every row on the server in chunks (with
 * progress), then apply all rows in one transaction. One bad row blocks the import and is listed.
 */
export function CsvImport({ org, check, apply }: { org: string; check: Action; apply: Action }) {
  const [state, setState] = useState<State>({ step: "idle" });
  const [, startTransition] = useTransition();

  async function onFile(file: File | undefined) {
    if (!file) return;
    setState({ step: "reading", file: file.name, share: 0 });
    const { rows, error } = await readMeasurementsFile(file, (share) =>
      setState({ step: "reading", file: file.name, share }),
    ).catch(() => ({ rows: [], error: "The file could not be read." }));
    if (error) return setState({ step: "failed", message: error });
    if (rows.length > MAX_IMPORT_ROWS)
      return setState({
        step: "failed",
        message: `The file has ${counted(rows.length, "row")}; the most one import takes is ${MAX_IMPORT_ROWS.toLocaleString("en")}.`,
      });
    setState({ step: "read", file: file.name, rows });
  }

  function runCheck(file: string, rows: MeasurementRow[]) {
    startTransition(async () => {
      const errors: RowError[] = [];
      let count = 0;
      for (let done = 0; done < rows.length; done += CHUNK) {
        setState({ step: "checking", file, rows, done });
        const answer = await check(org, rows.slice(done, done + CHUNK));
        if (!answer.ok && "message" in answer) return setState({ step: "failed", message: refusalMessage(answer) });
        if (!answer.ok) errors.push(...answer.errors);
        else count += answer.count;
      }
      setState(errors.length ? { step: "invalid", file, rows, errors } : { step: "ready", file, rows, count });
    });
  }

  function runApply(file: string, rows: MeasurementRow[]) {
    setState({ step: "importing", file, rows });
    startTransition(async () => {
      const answer = await apply(org, rows);
      if (answer.ok && answer.applied) setState({ step: "done", count: answer.count, replaced: answer.replaced });
      else if (!answer.ok && "errors" in answer) setState({ step: "invalid", file, rows, errors: answer.errors });
      else
        setState({ step: "failed", message: "message" in answer ? refusalMessage(answer) : "Nothing was imported." });
    });
  }

  return (
    <div className="space-y-4">
      <div>
        <label htmlFor="csv-file" className="block text-sm font-medium text-slate-800">
          CSV file
        </label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => void onFile(e.target.files?.[0])}
          className="mt-1 block text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
          aria-describedby="csv-help"
        />
        <p id="csv-help" className="mt-1 text-xs text-slate-500">
          Columns named in a header row: <code>kpi</code> (key like MKT-3, or id), <code>date</code> (YYYY-MM-DD),{" "}
          <code>value</code>, and optionally <code>note</code>, separated by commas or semicolons; a decimal comma
          (12,5) is read as 12.5. Each date counts for its KPI&apos;s period; a value for a period that has one replaces
          it.{" "}
          <a href="/samples/measurements.csv" download className="text-brand-700 underline">
            Download a sample CSV
          </a>
          .
        </p>
      </div>

      {state.step === "reading" && (
        <div role="status" aria-live="polite">
          <p className="text-sm">
            Reading {state.file}… {Math.round(state.share * 100)} %
          </p>
          <progress max={1} value={state.share} className="mt-1 w-full" />
        </div>
      )}
      {"rows" in state && state.step !== "importing" && <Preview rows={state.rows} />}

      {state.step === "read" && (
        <button type="button" className={buttonClass()} onClick={() => runCheck(state.file, state.rows)}>
          Check {counted(state.rows.length, "row")}
        </button>
      )}
      {state.step === "checking" && (
        <div role="status" aria-live="polite">
          <p className="text-sm">
            Checking rows… {Math.min(state.done + CHUNK, state.rows.length)} of {state.rows.length}
          </p>
          <progress max={state.rows.length} value={state.done} className="mt-1 w-full" />
        </div>
      )}
      {state.step === "invalid" && <Errors errors={state.errors} />}
      {state.step === "ready" && (
        <div className="space-y-2">
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {state.count === 1 ? "The row is" : `All ${counted(state.count, "row")} are`} valid and ready to import.
          </p>
          <button type="button" className={buttonClass()} onClick={() => runApply(state.file, state.rows)}>
            Import {counted(state.count, "value")}
          </button>
        </div>
      )}
      {state.step === "importing" && (
        <div role="status" aria-live="polite">
          <p className="text-sm">Importing {counted(state.rows.length, "value")} in one transaction…</p>
          <progress className="mt-1 w-full" />
        </div>
      )}
      {state.step === "done" && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Imported {counted(state.count, "value")}
          {state.replaced ? `; ${state.replaced} replaced earlier values (kept in the audit log)` : ""}.
        </p>
      )}
      {state.step === "failed" && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
    </div>
  );
}

function Preview({ rows }: { rows: MeasurementRow[] }) {
  const shown = rows.slice(0, 10);
  return (
    <div>
      <p className="text-sm text-slate-700">
        Preview: {shown.length} of {counted(rows.length, "row")}
      </p>
      <div className="mt-1 overflow-x-auto rounded-md border border-slate-200">
        <table className="w-full text-left text-xs">
          <thead className="bg-slate-50 text-slate-500">
            <tr>
              {["Line", "KPI", "Date", "Value", "Note"].map((h) => (
                <th key={h} scope="col" className="px-3 py-1.5 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shown.map((r) => (
              <tr key={r.line}>
                <td className="px-3 py-1.5 tabular-nums">{r.line}</td>
                <td className="px-3 py-1.5">{r.kpi}</td>
                <td className="px-3 py-1.5">{r.date}</td>
                <td className="px-3 py-1.5 tabular-nums">{r.value}</td>
                <td className="px-3 py-1.5">{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Errors({ errors }: { errors: RowError[] }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3">
      <p className="text-sm font-medium text-red-900">
        Nothing was imported: {errors.length} {errors.length === 1 ? "problem" : "problems"} to fix in the file first.
      </p>
      <ul className="mt-2 max-h-72 space-y-1 overflow-y-auto text-sm text-red-900">
        {errors.slice(0, 200).map((e, i) => (
          <li key={`${e.line}-${e.field}-${i}`}>
            Line {e.line}, {e.field}: {e.message}
          </li>
        ))}
      </ul>
      {errors.length > 200 && <p className="mt-1 text-xs text-red-800">…and {errors.length - 200} more.</p>}
    </div>
  );
}
