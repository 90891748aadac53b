import type { ReactNode } from "react";

export type Column = string | { key: string; label: ReactNode; align?: "right"; hidden?: boolean };

const bleeds = {
  /** Inside a Card with a title: reach the card's sides. */
  x: "-mx-5 overflow-x-auto",
  /** Alone in an untitled Card: reach its sides, top and bottom. */
  xy: "-mx-5 -my-4 overflow-x-auto",
  /** On its own: a bordered box. */
  none: "overflow-x-auto rounded-lg border border-slate-200 bg-white",
  /** Within the text around it: no frame, no bleed. */
  inline: "overflow-x-auto",
} as const;

/** Cell padding of the header; a row's cells use the same (`cellPadding`). */
export const cellPadding = { normal: "px-5 py-2", compact: "py-1.5 pr-4" } as const;

/**
 * A data table: scrolls sideways on small screens instead of squeezing, with a labelled header row.
 * Rows are the children (<tr>); `footer` rows go in a <tfoot>.
 */
export function Table({
  columns,
  children,
  footer,
  minWidth = "40rem",
  bleed = "x",
  density = "normal",
  label,
}: {
  columns: Column[];
  children: ReactNode;
  footer?: ReactNode;
  minWidth?: string;
  bleed?: keyof typeof bleeds;
  density?: keyof typeof cellPadding;
  label?: string;
}) {
  return (
    <div className={bleeds[bleed]}>
      {/* relative: a hidden column's sr-only label is positioned inside the scrolling box, not the page. */}
      <table className="relative w-full text-left text-sm" style={{ minWidth }} aria-label={label}>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { key: c, label: c } : c;
              return (
                <th
                  key={col.key}
                  scope="col"
                  className={`${cellPadding[density]} font-medium ${col.align === "right" ? "text-right" : ""}`}
                >
                  {col.hidden ? <span className="sr-only">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
        {footer && <tfoot className="border-t border-slate-200 font-medium">{footer}</tfoot>}
      </table>
    </div>
  );
}
