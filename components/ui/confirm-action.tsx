"use client";

import { useId, useRef, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions/state";
import { buttonClass, type ButtonVariant } from "./button";
import { ActionForm, SubmitButton } from "./form";

/** A destructive action behind a confirmation dialog (native <dialog>: focus trap and Escape for free). */
export function ConfirmAction({
  action,
  org,
  hidden,
  trigger,
  title,
  children,
  confirmLabel,
  triggerVariant = "secondary",
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  org: string;
  hidden?: Record<string, string>;
  trigger: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  triggerVariant?: ButtonVariant;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = () => dialog.current?.close();
  return (
    <>
      <button type="button" className={buttonClass(triggerVariant)} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl"
      >
        <ActionForm
          action={action}
          org={org}
          hidden={hidden}
          onSuccess={close}
          showSuccess={false}
          className="space-y-4 p-5"
        >
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{children}</div>
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={close}>
              Cancel
            </button>
            <SubmitButton variant="danger" pendingLabel="Working…">
              {confirmLabel}
            </SubmitButton>
          </div>
        </ActionForm>
      </dialog>
    </>
  );
}
