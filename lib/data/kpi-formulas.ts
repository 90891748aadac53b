import "server-only";
import { and, eq, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kpis, measurements } from "@/db/schema";
import { conflict, invalid } from "@/lib/errors";
import { formulaPeriods, formulaSeries, type Cadence, type Measurement } from "@/lib/scoring";
import { idSchema } from "@/lib/validations/team";

/*
 * Formula KPIs (DESIGN "Value chain"): x / y of two KPIs of the same cadence. Choices made here:
 * - inputs are plain KPIs: a formula never divides a formula, so no chain of formulas and no cycle
 *   exists; a KPI used as an input can't become a formula;
 * - an input in use can't be deleted, archived or given another cadence (refused, naming the
 *   formulas), so a formula never silently loses an input;
 * - the formula (its inputs) is part of what the KPI is, like its cadence: not versioned. Its
 *   definition (kind, direction, baseline, target…) has versions as any KPI's.
 */

/** A formula as a request gives it: each input by id or key. */
export interface FormulaRef {
  numerator: string;
  denominator: string;
}

/** A formula as stored: the inputs' ids. */
export interface FormulaIds {
  numeratorId: string;
  denominatorId: string;
}

const CADENCE_WORD: Record<Cadence, string> = { week: "weekly", month: "monthly", quarter: "quarterly" };

const isId = (ref: string) => idSchema.safeParse(ref.trim().toLowerCase()).success;

/**
 * The two inputs of a formula, checked: this organisation's plain KPIs (another organisation's ids
 * are unknown here), two different ones, of one cadence, which must be `cadence` (the formula's).
 * `self` is the KPI being given the formula, when it exists. One query for both inputs.
 */
export async function resolveFormula(
  tx: Tx,
  orgId: string,
  formula: FormulaRef,
  cadence: Cadence,
  self?: { id: string; key: string },
): Promise<FormulaIds> {
  const refs = [formula.numerator, formula.denominator].map((r) => r.trim());
  const ids = refs.filter(isId).map((r) => r.toLowerCase());
  const keys = refs.filter((r) => !isId(r)).map((r) => r.toUpperCase());
  const found = await tx
    .select({ id: kpis.id, key: kpis.key, cadence: kpis.cadence, formula: kpis.formulaNumeratorId })
    .from(kpis)
    .where(
      and(
        eq(kpis.orgId, orgId),
        or(
          ids.length ? inArray(kpis.id, ids) : undefined,
          keys.length ? inArray(sql`upper(${kpis.key})`, keys) : undefined,
        ),
      ),
    );
  const pick = (ref: string, field: "numerator" | "denominator") => {
    const kpi = found.find((k) => (isId(ref) ? k.id === ref.toLowerCase() : k.key.toUpperCase() === ref.toUpperCase()));
    const path = `formula.${field}`;
    if (!kpi) throw invalid(`No KPI “${ref}” in this organisation.`, path);
    if (self && kpi.id === self.id) throw invalid("A formula can't use its own KPI as an input.", path);
    if (kpi.formula !== null) {
      throw invalid(`${kpi.key} is itself a formula: a formula divides two plain KPIs.`, path);
    }
    return kpi;
  };
  const numerator = pick(refs[0]!, "numerator");
  const denominator = pick(refs[1]!, "denominator");
  if (numerator.id === denominator.id) {
    throw invalid("Choose two different KPIs: a KPI divided by itself is always 1.", "formula.denominator");
  }
  if (numerator.cadence !== denominator.cadence) {
    throw invalid(
      `${numerator.key} is ${CADENCE_WORD[numerator.cadence]} and ${denominator.key} ${CADENCE_WORD[denominator.cadence]}: a formula divides two KPIs of the same cadence.`,
      "formula.denominator",
    );
  }
  if (numerator.cadence !== cadence) {
    throw invalid(
      `The formula's inputs are ${CADENCE_WORD[numerator.cadence]}: give the formula KPI that cadence too.`,
      "cadence",
    );
  }
  if (self) await refuseFormulaOnRecordedOrUsedKpi(tx, orgId, self);
  return { numeratorId: numerator.id, denominatorId: denominator.id };
}

/** A KPI with values of its own, or that a formula uses, can't become a formula. */
async function refuseFormulaOnRecordedOrUsedKpi(tx: Tx, orgId: string, self: { id: string; key: string }) {
  const [users, recorded] = await Promise.all([
    formulasUsing(tx, orgId, [self.id]),
    tx
      .select({ one: sql`1` })
      .from(measurements)
      .where(and(eq(measurements.orgId, orgId), eq(measurements.kpiId, self.id)))
      .limit(1),
  ]);
  if (users.length) {
    throw invalid(
      `${listKeys(users)} ${users.length === 1 ? "uses" : "use"} ${self.key} as an input: an input stays a plain KPI.`,
      "formula",
    );
  }
  if (recorded.length) {
    throw invalid(
      `${self.key} has recorded values: a formula KPI is computed from its inputs. Create a new KPI for the formula.`,
      "formula",
    );
  }
}

/** The formulas (other than those in `except`) that use any of the KPIs given as an input. */
export async function formulasUsing(
  tx: Tx,
  orgId: string,
  inputIds: readonly string[],
  except: readonly string[] = [],
) {
  if (inputIds.length === 0) return [];
  const ids = [...inputIds];
  return tx
    .select({ id: kpis.id, key: kpis.key })
    .from(kpis)
    .where(
      and(
        eq(kpis.orgId, orgId),
        isNotNull(kpis.formulaNumeratorId),
        or(inArray(kpis.formulaNumeratorId, ids), inArray(kpis.formulaDenominatorId, ids)),
        ...except.map((id) => ne(kpis.id, id)),
      ),
    );
}

const listKeys = (rows: readonly { key: string }[]) =>
  rows
    .map((r) => r.key)
    .sort()
    .join(", ");

/**
 * Refuses a change that would take an input from the formulas using it: deleting it (with the
 * stream holding it, `except` the formulas deleted along), archiving it, changing its cadence.
 */
export async function refuseIfUsedByFormula(
  tx: Tx,
  orgId: string,
  inputIds: readonly string[],
  change: "delete" | "archive" | "cadence" | "delete_stream",
  except: readonly string[] = [],
) {
  const users = await formulasUsing(tx, orgId, inputIds, except);
  if (users.length === 0) return;
  const keys = listKeys(users);
  const formulas = users.length === 1 ? `the formula KPI ${keys}` : `the formula KPIs ${keys}`;
  switch (change) {
    case "delete":
      throw conflict(
        `This KPI is an input of ${formulas}: change or delete that formula first.`,
        undefined,
        "kpi_in_formula",
      );
    case "archive":
      throw conflict(
        `This KPI is an input of ${formulas}: change or archive that formula first.`,
        "archived",
        "kpi_in_formula",
      );
    case "cadence":
      throw invalid(
        `This KPI is an input of ${formulas}, whose inputs share its cadence: change that formula first.`,
        "cadence",
      );
    case "delete_stream":
      throw conflict(
        `A KPI of this stream is an input of ${formulas} in another stream: change that formula first.`,
        undefined,
        "kpi_in_formula",
      );
  }
}

/**
 * Which KPIs are inputs of some formula of the organisation: a filter on `kpis` for reading their
 * values in the same query as the scope's (a superset of the scope's formulas' inputs; formulas are few).
 */
export const formulaInputsFilter = (orgId: string) =>
  sql`${kpis.id} in (select f.formula_numerator_id from ${kpis} f where f.org_id = ${orgId} and f.formula_numerator_id is not null union all select f.formula_denominator_id from ${kpis} f where f.org_id = ${orgId} and f.formula_denominator_id is not null)`;

/** A KPI's measurements for scoring: its own, or for a formula x / y computed from its inputs' values. */
export function formulaMeasurements(
  kpi: { id: string; formulaNumeratorId: string | null; formulaDenominatorId: string | null },
  valuesByKpi: ReadonlyMap<string, readonly Measurement[]>,
): readonly Measurement[] {
  if (kpi.formulaNumeratorId === null || kpi.formulaDenominatorId === null) return valuesByKpi.get(kpi.id) ?? [];
  return formulaSeries(valuesByKpi.get(kpi.formulaNumeratorId) ?? [], valuesByKpi.get(kpi.formulaDenominatorId) ?? []);
}

/** The KPIs a formula may divide: this organisation's live plain KPIs, for the form's pickers. */
export async function listFormulaInputCandidates(tx: Tx, orgId: string) {
  return tx
    .select({ id: kpis.id, key: kpis.key, name: kpis.name, cadence: kpis.cadence })
    .from(kpis)
    .where(and(eq(kpis.orgId, orgId), isNull(kpis.formulaNumeratorId), isNull(kpis.archivedAt)))
    .orderBy(kpis.key);
}

/** A formula KPI's inputs and, per period, both values and the division (as known now): its explanation. */
export async function loadFormulaExplanation(
  tx: Tx,
  orgId: string,
  kpi: { formulaNumeratorId: string | null; formulaDenominatorId: string | null },
) {
  if (kpi.formulaNumeratorId === null || kpi.formulaDenominatorId === null) return null;
  const inputIds = [kpi.formulaNumeratorId, kpi.formulaDenominatorId];
  const [inputs, values] = await Promise.all([
    tx
      .select({ id: kpis.id, key: kpis.key, name: kpis.name, unit: kpis.unit })
      .from(kpis)
      .where(and(eq(kpis.orgId, orgId), inArray(kpis.id, inputIds))),
    tx
      .select({ kpiId: measurements.kpiId, period: measurements.period, value: measurements.value })
      .from(measurements)
      .where(and(eq(measurements.orgId, orgId), inArray(measurements.kpiId, inputIds))),
  ]);
  const of = (id: string) => values.filter((v) => v.kpiId === id);
  return {
    numerator: inputs.find((i) => i.id === kpi.formulaNumeratorId)!,
    denominator: inputs.find((i) => i.id === kpi.formulaDenominatorId)!,
    periods: formulaPeriods(of(kpi.formulaNumeratorId), of(kpi.formulaDenominatorId)),
  };
}

/** A column of a query on `kpis`: a formula's input keys, `[numerator, denominator]`, or null for a plain KPI. */
export const formulaInputKeys = sql<[string, string] | null>`(
  select case when ${kpis.formulaNumeratorId} is null then null else json_build_array(
    (select n.key from ${kpis} n where n.org_id = ${kpis.orgId} and n.id = ${kpis.formulaNumeratorId}),
    (select d.key from ${kpis} d where d.org_id = ${kpis.orgId} and d.id = ${kpis.formulaDenominatorId})
  ) end
)`;

/** What a formula KPI's score explanation shows: the inputs' keys and each period's division. */
export function formulaMeta(
  kpi: { formulaNumeratorId: string | null; formulaDenominatorId: string | null; formulaKeys: [string, string] | null },
  valuesByKpi: ReadonlyMap<string, readonly Measurement[]>,
) {
  if (kpi.formulaNumeratorId === null || kpi.formulaDenominatorId === null || kpi.formulaKeys === null) return {};
  return {
    formula: {
      numeratorKey: kpi.formulaKeys[0],
      denominatorKey: kpi.formulaKeys[1],
      periods: formulaPeriods(
        valuesByKpi.get(kpi.formulaNumeratorId) ?? [],
        valuesByKpi.get(kpi.formulaDenominatorId) ?? [],
      ),
    },
  };
}
