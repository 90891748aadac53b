"use client";

import { useState } from "react";
import { ActionForm, Field, SelectField, SubmitButton } from "@/components/ui/form";
import type { ActionState } from "@/lib/actions/state";
import { SecretOnce } from "./secret-once";

/** The create action's answer: the usual state, and the new token's secret on success. */
export type TokenActionState = (NonNullable<ActionState> & { secret?: string; name?: string }) | undefined;

const scopeOptions = [
  { value: "read", label: "Read" },
  { value: "write", label: "Read and write" },
];

export function CreateTokenForm({
  org,
  action,
}: {
  org: string;
  action: (state: TokenActionState, formData: FormData) => Promise<TokenActionState>;
}) {
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  // The secret stays in this component's memory only: the form state that React keeps never holds it.
  const run = async (previous: ActionState, formData: FormData): Promise<ActionState> => {
    const next = await action(previous, formData);
    if (next?.ok && next.secret) setCreated({ secret: next.secret, name: next.name ?? "" });
    if (!next) return next;
    const { secret: _secret, name: _name, ...state } = next;
    return state;
  };
  return (
    <div className="space-y-5">
      {created && <SecretOnce name={created.name} secret={created.secret} onDone={() => setCreated(null)} />}
      <ActionForm
        action={run}
        org={org}
        className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end"
        showSuccess={false}
      >
        <Field
          name="name"
          label="Name"
          placeholder="e.g. ERP nightly sync"
          maxLength={80}
          required
          autoComplete="off"
        />
        <SelectField name="scope" label="Scope" defaultValue="read" options={scopeOptions} />
        <Field
          name="expiresInDays"
          label="Expires after (days)"
          type="number"
          min={1}
          max={3650}
          inputMode="numeric"
          placeholder="Never"
        />
        <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
      </ActionForm>
    </div>
  );
}
