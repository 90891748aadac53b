import { noForecastMessage, type KpiAnalysis, type Signal, type XmrRule } from "@/lib/analysis";
import type { Cadence } from "@/lib/scoring";
import { formatNumber } from "@/lib/scoring/format";

const RULE_WORDS: Record<XmrRule, (count: number) => string> = {
  beyond_limits: () => "a value outside the process limits",
  three_of_four: (count) => `${count} of 4 values beyond the warning line`,
  run_of_eight: (count) => `${count} values in a row on one side of the centre line`,
};

/** A period as people say it: 2026-05 for a month, 2026 Q2 for a quarter, the Monday for a week. */
function periodWords(period: string, cadence: Cadence): string {
  if (cadence === "month") return period.slice(0, 7);
  if (cadence === "quarter") return `${period.slice(0, 4)} Q${Math.floor(Number(period.slice(5, 7)) / 3) + 1}`;
  return `week of ${period}`;
}

function dateWords(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

const percent = (p: number) => `${Math.round(p * 100)} %`;
const periods = (n: number, cadence: Cadence) => `${n} ${cadence}${n === 1 ? "" : "s"}`;

export function signalSentence(signal: Signal, cadence: Cadence): string {
  const first = periodWords(signal.periods[0]!, cadence);
  const last = periodWords(signal.periods[signal.periods.length - 1]!, cadence);
  const when = first === last ? first : `${first} to ${last}`;
  return `Signal: ${RULE_WORDS[signal.rule](signal.periods.length)}, ${when}, ${signal.direction}`;
}

/**
 * Signal or noise and the forecast of a KPI in plain words (DESIGN "Analysis"): each signal with its
 * rule, periods and direction, the limits it is judged against, and the forecast or why there is none.
 */
export function KpiAnalysisPanel({
  analysis,
  cadence,
  unit,
}: {
  analysis: KpiAnalysis;
  cadence: Cadence;
  unit: string;
}) {
  const { limits, unavailable, signals } = analysis.behaviour;
  const f = analysis.forecast.forecast;
  const value = (x: number) => `${formatNumber(x)}${unit ? ` ${unit}` : ""}`;
  return (
    <div className="space-y-4 text-sm">
      <section aria-labelledby="signal-heading">
        <h3 id="signal-heading" className="font-medium text-slate-900">
          Signal or noise
        </h3>
        {limits === null ? (
          <p className="text-slate-600">
            {unavailable?.reason === "fixed_range_too_short"
              ? `No process limits: the fixed range ${unavailable.range.from} to ${unavailable.range.to} holds ${unavailable.count} values and needs ${unavailable.needed}.`
              : `No process limits yet: they need ${unavailable?.needed ?? 9} values, and there ${unavailable?.count === 1 ? "is" : "are"} ${unavailable?.count ?? 0}.`}
          </p>
        ) : (
          <>
            <p className="text-slate-600">
              Limits {value(limits.lower)} to {value(limits.upper)}, centre {value(limits.mean)} (x̄), from{" "}
              {limits.count} values, {periodWords(limits.from, cadence)} to {periodWords(limits.to, cadence)}.
            </p>
            {signals.length === 0 ? (
              <p className="mt-1 text-slate-700">No signal: the later values vary within what this process shows.</p>
            ) : (
              <ul className="mt-1 space-y-1">
                {signals.map((s) => (
                  <li
                    key={`${s.rule}-${s.periods[0]}`}
                    className={s.direction === "worsening" ? "text-red-700" : "text-emerald-700"}
                  >
                    {signalSentence(s, cadence)}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="forecast-heading">
        <h3 id="forecast-heading" className="font-medium text-slate-900">
          Forecast
        </h3>
        {f === null ? (
          <p className="text-slate-600">{noForecastMessage(analysis.forecast.reason!)}</p>
        ) : (
          <>
            <p className="text-slate-700">
              {f.probabilityByTargetDate !== null && f.targetDate !== null
                ? `${percent(f.probabilityByTargetDate)} by ${dateWords(f.targetDate)}`
                : `Within 4, 8 and 12 ${cadence}s: ${[
                    f.probabilityWithin[4],
                    f.probabilityWithin[8],
                    f.probabilityWithin[12],
                  ]
                    .map((p) => (p === null ? "—" : percent(p)))
                    .join(", ")}`}{" "}
              to reach {value(f.target)}.
            </p>
            <p className="text-slate-600">
              {(["p50", "p85", "p95"] as const)
                .map((level) => {
                  const n = f.eta[level];
                  const share = level.slice(1);
                  return n === null
                    ? `${share} %: not within ${periods(f.maxSteps, cadence)}`
                    : `${share} %: ${periods(n, cadence)}`;
                })
                .join(" · ")}
            </p>
          </>
        )}
      </section>
    </div>
  );
}
