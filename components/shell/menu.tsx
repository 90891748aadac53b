import type { ReactNode } from "react";

/** A disclosure menu on <details>: keyboard and screen-reader friendly without client JavaScript. */
export function Menu({
  label,
  summary,
  children,
  align = "left",
}: {
  label: string;
  summary: ReactNode;
  children: ReactNode;
  align?: "left" | "right";
}) {
  return (
    <details className="group relative">
      <summary
        aria-label={label}
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 [&::-webkit-details-marker]:hidden"
      >
        {summary}
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="h-4 w-4 text-slate-500 group-open:rotate-180"
          fill="currentColor"
        >
          <path d="M5.5 7.5 10 12l4.5-4.5" stroke="currentColor" strokeWidth="1.5" fill="none" />
        </svg>
      </summary>
      <div
        className={`absolute z-20 mt-1 w-64 rounded-md border border-slate-200 bg-white py-1 shadow-lg ${align === "right" ? "right-0" : "left-0"}`}
      >
        {children}
      </div>
    </details>
  );
}

export const menuItemClass =
  "block w-full px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus-visible:bg-slate-50";
