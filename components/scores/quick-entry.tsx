"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { quickRecordAction } from "@/app/o/[org]/kpis/actions";
import { queryKeys } from "@/lib/query-keys";

/**
 * Records a value from a KPI card without leaving the dashboard. The card's value lives in the query
 * cache, seeded by the server's rendering: a new value shows at once (optimistic), a refusal rolls it
 * back and says why, and on success the server-rendered scores refresh and have the last word.
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
  const client = useQueryClient();
  const id = useId();
  const [refreshing, startRefresh] = useTransition();
  const [draft, setDraft] = useState("");
  const key = queryKeys.kpiLatestValue(org, kpiId);
  const { data: shown } = useQuery({
    queryKey: key,
    queryFn: () => current,
    initialData: current,
    staleTime: Infinity,
    // Dropped when the card unmounts: the next rendering's value is the one to start from.
    gcTime: 0,
  });
  // Once a refresh has brought the server's rendering, its value replaces the optimistic one.
  useEffect(() => {
    if (!refreshing) client.setQueryData(queryKeys.kpiLatestValue(org, kpiId), current);
  }, [client, org, kpiId, current, refreshing]);
  const mutation = useMutation({
    mutationFn: async (value: string) => {
      const state = await quickRecordAction(org, {
        kpiId,
        value,
        note: undefined,
        date: new Date().toISOString().slice(0, 10),
      });
      // A field's message says more than the form's "Check the highlighted fields."
      const message = Object.values(state?.fieldErrors ?? {}).flat()[0] ?? state?.message ?? "";
      if (!state?.ok) throw new Error(message || "The value was not recorded.");
      return message;
    },
    onMutate: async (value) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<string>(key);
      client.setQueryData(key, `${value} ${unit}`);
      return { previous };
    },
    onError: (_error, _value, context) => client.setQueryData(key, context?.previous ?? current),
    onSuccess: () => {
      setDraft("");
      startRefresh(() => router.refresh());
    },
  });
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
          {mutation.data}
        </p>
      )}
    </div>
  );
}
