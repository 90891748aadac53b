"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/button";

/** A new token's secret, shown once, with a copy button. */
export function SecretOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-950">
      <p className="font-medium">Token “{name}” created. Copy it now: it is shown only this once.</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code
          data-testid="token-secret"
          className="min-w-0 flex-1 select-all break-all rounded bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-emerald-200"
        >
          {secret}
        </code>
        <button type="button" className={buttonClass("secondary")} onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
        <button type="button" className={buttonClass("ghost")} onClick={onDone}>
          Done
        </button>
      </div>
      {copied === "failed" && (
        <p className="mt-2 text-xs">The browser refused to copy: select the token and copy it by hand.</p>
      )}
      <p className="mt-3 text-xs text-emerald-900">
        Send it as <code className="font-mono">Authorization: Bearer …</code>. Flowline keeps only a hash: if you lose
        it, revoke it and create another.
      </p>
    </div>
  );
}
