import type { Cadence, Direction, IsoDate, MeasurementsLike } from "@/lib/scoring";
import { forecast, type ForecastResult } from "./forecast";
import { processBehaviour, type LimitsRange, type ProcessBehaviour, type SignalDirection, type XmrRule } from "./xmr";

export interface KpiAnalysisInput {
  kpi: {
    id: string;
    direction: Direction;
    cadence: Cadence;
    target: number | null;
    targetDate: IsoDate | null;
    /** The limits' range the user fixed, if any. */
    limitsRange?: LimitsRange | null;
  };
  measurements: MeasurementsLike;
  asOf: IsoDate;
  /** The resolved knowledge time, ISO-8601 (see ForecastInput.knownAt). */
  knownAt: string;
}

export interface KpiAnalysis {
  behaviour: ProcessBehaviour;
  forecast: ForecastResult;
}

/** Signal or noise and the forecast of one KPI as of D (what the KPI page and card read). */
export function kpiAnalysis(input: KpiAnalysisInput): KpiAnalysis {
  const { kpi, measurements, asOf } = input;
  return {
    behaviour: processBehaviour(measurements, { asOf, direction: kpi.direction, range: kpi.limitsRange ?? null }),
    forecast: forecast({
      kpiId: kpi.id,
      direction: kpi.direction,
      cadence: kpi.cadence,
      target: kpi.target,
      targetDate: kpi.targetDate,
      measurements,
      asOf,
      knownAt: input.knownAt,
    }),
  };
}

/** The body of `GET /api/v1/kpis/{id}/analysis` (DESIGN "REST API"). */
export interface KpiAnalysisResponse {
  limits: { mean: number; upper: number; lower: number; from: IsoDate; to: IsoDate } | null;
  signals: { rule: XmrRule; periods: IsoDate[]; direction: SignalDirection }[];
  forecast: {
    target: number;
    targetDate: IsoDate | null;
    probabilityByTargetDate: number | null;
    probabilityWithin: { "4": number | null; "8": number | null; "12": number | null };
    eta: { p50: number | null; p85: number | null; p95: number | null };
  } | null;
}

export function toAnalysisResponse(analysis: KpiAnalysis): KpiAnalysisResponse {
  const { limits, signals } = analysis.behaviour;
  const f = analysis.forecast.forecast;
  return {
    limits: limits && { mean: limits.mean, upper: limits.upper, lower: limits.lower, from: limits.from, to: limits.to },
    signals: signals.map((s) => ({ rule: s.rule, periods: s.periods, direction: s.direction })),
    forecast: f && {
      target: f.target,
      targetDate: f.targetDate,
      probabilityByTargetDate: f.probabilityByTargetDate,
      probabilityWithin: { "4": f.probabilityWithin[4], "8": f.probabilityWithin[8], "12": f.probabilityWithin[12] },
      eta: { ...f.eta },
    },
  };
}
