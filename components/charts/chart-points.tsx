"use client";

import { useId, useState, type KeyboardEvent } from "react";

export interface ChartPoint {
  /** Percent across the plot (0 left, 100 right). */
  x: number;
  /** Percent down the plot (0 top, 100 bottom). */
  y: number;
  /** What the point says, on hover, focus or tap (and to a screen reader). */
  label: string;
  /** A dot (default), a short text such as a number inside a disc, or nothing where the chart draws the mark. */
  mark?: "dot" | "none" | string;
  tone?: "brand" | "violet" | "slate";
}

const tones = {
  brand: "bg-brand-600 text-white",
  violet: "bg-violet-600 text-white",
  slate: "bg-slate-500 text-white",
};

/**
 * The one interactive layer of every chart: focusable points over the server-drawn SVG that show
 * their value on hover, keyboard focus or tap. One tab stop per chart (arrow keys, Home and End move
 * between points; Escape hides the value), so a long series does not flood the tab order.
 */
export function ChartPoints({ points, label }: { points: ChartPoint[]; label: string }) {
  // Many points close together: smaller dots, so the line between them stays visible.
  const dot = points.length > 30 ? "size-1.5 ring-1" : "size-2 ring-2";
  const [active, setActive] = useState(points.length - 1);
  const [shown, setShown] = useState(false);
  const tooltipId = useId();
  const buttons: (HTMLButtonElement | null)[] = [];

  function move(event: KeyboardEvent, index: number) {
    const last = points.length - 1;
    const next = {
      ArrowRight: Math.min(last, index + 1),
      ArrowUp: Math.min(last, index + 1),
      ArrowLeft: Math.max(0, index - 1),
      ArrowDown: Math.max(0, index - 1),
      Home: 0,
      End: last,
    }[event.key];
    if (event.key === "Escape") {
      setShown(false);
      return;
    }
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    setShown(true);
    buttons[next]?.focus();
  }

  const current = points[active];
  return (
    <div role="group" aria-label={label} className="pointer-events-none absolute inset-0">
      {points.map((p, i) => {
        const mark = p.mark ?? "dot";
        return (
          <button
            key={i}
            ref={(el) => {
              buttons[i] = el;
            }}
            type="button"
            tabIndex={i === active ? 0 : -1}
            aria-label={p.label}
            aria-describedby={shown && i === active ? tooltipId : undefined}
            className="pointer-events-auto absolute flex size-6 -translate-x-1/2 -translate-y-1/2 items-center justify-center rounded-full focus-visible:outline-2 focus-visible:outline-brand-500"
            style={{ left: `${p.x}%`, top: `${p.y}%` }}
            onFocus={() => {
              setActive(i);
              setShown(true);
            }}
            onBlur={() => setShown(false)}
            onPointerEnter={() => {
              setActive(i);
              setShown(true);
            }}
            onPointerLeave={() => setShown(false)}
            onClick={() => {
              setActive(i);
              setShown((s) => i !== active || !s);
            }}
            onKeyDown={(e) => move(e, i)}
          >
            {mark === "dot" ? (
              <span
                className={`${dot} rounded-full ring-white ${tones[p.tone ?? "brand"]} ${i === active && shown ? "scale-150" : ""}`}
              />
            ) : mark === "none" ? null : (
              <span
                aria-hidden
                className={`flex size-5 items-center justify-center rounded-full text-[11px] font-semibold ring-2 ring-white ${tones[p.tone ?? "brand"]}`}
              >
                {mark}
              </span>
            )}
          </button>
        );
      })}
      {shown && current && (
        <div
          id={tooltipId}
          role="tooltip"
          className="absolute z-10 w-max max-w-56 rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow"
          style={{
            left: `${current.x}%`,
            top: `${current.y}%`,
            transform: `translate(${current.x < 20 ? "-12px" : current.x > 80 ? "calc(-100% + 12px)" : "-50%"}, ${
              current.y < 25 ? "16px" : "calc(-100% - 16px)"
            })`,
          }}
        >
          {current.label}
        </div>
      )}
    </div>
  );
}
