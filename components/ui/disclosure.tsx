import type { ReactNode } from "react";

/** A form or detail folded behind a link-styled summary ("Add a control"), open with Enter or a click. */
export function Disclosure({
  summary,
  size = "sm",
  className,
  children,
}: {
  summary: ReactNode;
  size?: "xs" | "sm";
  className?: string;
  children: ReactNode;
}) {
  return (
    <details className={className}>
      <summary className={`cursor-pointer ${size === "xs" ? "text-xs" : "text-sm"} font-medium text-brand-700`}>
        {summary}
      </summary>
      {children}
    </details>
  );
}
