"use client";

import { createContext, useActionState, useContext, useId, type ComponentProps, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions/state";
import { buttonClass, type ButtonVariant } from "./button";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

const StateContext = createContext<ActionState>(undefined);

/**
 * A form bound to a server action: shows the action's message, gives each field its own error and
 * keeps what the user typed when the action refuses it (React resets forms after an action).
 */
export function ActionForm({
  action,
  org,
  hidden,
  children,
  className = "space-y-4",
  onSuccess,
  showSuccess = true,
}: {
  action: Action;
  org?: string;
  hidden?: Record<string, string>;
  children: ReactNode;
  className?: string;
  onSuccess?: () => void;
  showSuccess?: boolean;
}) {
  const [state, formAction] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await action(previous, formData);
    if (next?.ok) onSuccess?.();
    return next;
  }, undefined);
  return (
    <form action={formAction} className={className} noValidate>
      {org && <input type="hidden" name="org" value={org} />}
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <StateContext value={state}>
        <FormMessage state={state} showSuccess={showSuccess} />
        {children}
      </StateContext>
    </form>
  );
}

function FormMessage({ state, showSuccess }: { state: ActionState; showSuccess: boolean }) {
  if (!state?.message) return null;
  if (state.ok) {
    return showSuccess ? (
      <div role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        <p>{state.message}</p>
        {state.details && state.details.length > 0 && (
          <ul className="mt-2 space-y-1">
            {state.details.map((line) => (
              <li key={line}>
                <input
                  readOnly
                  value={line}
                  aria-label="Copy this link"
                  onFocus={(e) => e.currentTarget.select()}
                  className="w-full rounded border border-emerald-200 bg-white px-2 py-1 font-mono text-xs text-slate-800"
                />
              </li>
            ))}
          </ul>
        )}
      </div>
    ) : null;
  }
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.message}
    </p>
  );
}

const inputClass =
  "mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-500 aria-[invalid=true]:ring-red-500";

/** The field's id, error and value (echoed after a refusal), and the attributes its control carries. */
function useField(name: string, defaultValue?: string | number, hint?: ReactNode) {
  const state = useContext(StateContext);
  const id = useId();
  const error = state?.fieldErrors?.[name]?.[0];
  const echoed = state && !state.ok && state.values ? state.values[name] : undefined;
  const value = state && !state.ok && state.values ? (typeof echoed === "string" ? echoed : "") : defaultValue;
  const control = {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
    className: inputClass,
  };
  return { id, error, value: value === undefined ? undefined : String(value), control };
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  hideLabel,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  hideLabel?: boolean;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-800"}>
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export function Field({
  name,
  label,
  hint,
  defaultValue,
  ...props
}: Omit<ComponentProps<"input">, "defaultValue" | "name"> & {
  name: string;
  label: string;
  hint?: ReactNode;
  defaultValue?: string | number;
}) {
  const { id, error, value, control } = useField(name, defaultValue, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input {...control} defaultValue={props.type === "password" ? undefined : value} {...props} />
    </FieldFrame>
  );
}

/** A decimal number: any step, so rates and conversions like 0.9 or 1/60 are accepted. */
export function NumberField(props: Omit<ComponentProps<typeof Field>, "type" | "step">) {
  return <Field type="number" step="any" {...props} />;
}

export function SelectField({
  name,
  label,
  hint,
  defaultValue,
  options,
  hideLabel,
  ...props
}: Omit<ComponentProps<"select">, "defaultValue" | "name"> & {
  name: string;
  label: string;
  hideLabel?: boolean;
  hint?: ReactNode;
  defaultValue?: string;
  options: { value: string; label: string }[];
}) {
  const { id, error, value, control } = useField(name, defaultValue);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} hideLabel={hideLabel}>
      <select {...control} key={value} defaultValue={value} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
  className = "",
  disabled,
  ...props
}: Omit<ComponentProps<"button">, "type"> & { pendingLabel?: string; variant?: ButtonVariant }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      className={buttonClass(variant, className)}
      {...props}
    >
      {pending ? (pendingLabel ?? "Saving…") : children}
    </button>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  defaultValue,
  ...props
}: Omit<ComponentProps<"textarea">, "defaultValue" | "name"> & {
  name: string;
  label: string;
  hint?: ReactNode;
  defaultValue?: string;
}) {
  const { id, error, value, control } = useField(name, defaultValue, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea {...control} rows={3} defaultValue={value} {...props} />
    </FieldFrame>
  );
}
