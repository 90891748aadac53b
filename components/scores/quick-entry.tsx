"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { quickRecordAction } from "@/app/o/[org]/kpis/actions";

/**
 * Records a value from a KPI card without leaving the dashboard: the card shows the new value at
 * once (optimistic), then the server-rendered scores refresh; a refusal rolls the card back.
 */
export function QuickEntry({
  org,
  kpiId,
  label,
  current,
  unit,
}: {
  org: string;
  kpiId: string;
  label: string;
  current: string;
  unit: string;
}) {
  const router = useRouter();
  const id = useId();
  const [refreshing, startRefresh] = useTransition();
  const [draft, setDraft] = useState("");
  const mutation = useMutation({
    mutationFn: async (value: string) => {
      const result = await quickRecordAction(org, { kpiId, value, date: new Date().toISOString().slice(0, 10) });
      if (!result.ok) throw new Error(result.message);
      return result;
    },
    onSuccess: () => {
      setDraft("");
      startRefresh(() => router.refresh());
    },
  });
  const shown = mutation.isPending ? `${mutation.variables} ${unit}` : current;
  return (
    <div>
      <p className="text-2xl font-semibold tabular-nums" aria-live="polite">
        {shown}
        {(mutation.isPending || refreshing) && (
          <span className="ml-2 align-middle text-xs font-normal text-slate-500">updating scores…</span>
        )}
      </p>
      <form
        className="mt-2 flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim() !== "") mutation.mutate(draft.trim());
        }}
      >
        <label htmlFor={id} className="sr-only">
          New value for {label}
        </label>
        <input
          id={id}
          inputMode="decimal"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="New value"
          aria-invalid={mutation.isError || undefined}
          aria-describedby={mutation.isError ? `${id}-error` : undefined}
          className="w-28 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
        />
        <button
          type="submit"
          disabled={mutation.isPending}
          className="rounded-md bg-white px-2.5 py-1 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        >
          Record
        </button>
      </form>
      {mutation.isError && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700">
          {mutation.error.message}
        </p>
      )}
      {mutation.isSuccess && !refreshing && (
        <p role="status" className="mt-1 text-xs text-emerald-700">
          {mutation.data.message}
        </p>
      )}
    </div>
  );
}
