import type { ReactNode } from "react";

export type Column = string | { key: string; label: ReactNode; align?: "right"; hidden?: boolean };

/**
 * A data table inside a card: scrolls sideways on small screens instead of squeezing, with a
 * labelled header row. Rows are the children (<tr>), with cells styled by `cell`.
 */
export function Table({ columns, children, minWidth = "40rem", flush = true }: {
  columns: Column[];
  children: ReactNode;
  minWidth?: string;
  /** Bleed to the card's edges (inside a Card); false inside a plain box. */
  flush?: boolean;
}) {
  return (
    <div className={flush ? "-mx-5 overflow-x-auto" : "overflow-x-auto"}>
      <table className="w-full text-left text-sm" style={{ minWidth }}>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { key: c, label: c } : c;
              return (
                <th key={col.key} scope="col" className={`px-5 py-2 font-medium ${col.align === "right" ? "text-right" : ""}`}>
                  {col.hidden ? <span className="sr-only">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export const cell = "px-5 py-2";
export const numberCell = "px-5 py-2 text-right tabular-nums";
