import { describe, expect, test } from "vitest";
import { auditSentence, changedFields } from "@/lib/audit/sentence";

const names = new Map([["u-1", "Max Member"]]);

describe("auditSentence", () => {
  test.each<[string, string, unknown, string | null, string]>([
    [
      "one definition field changed",
      "kpi.updated",
      { from: { key: "PRD-4", target: 96, weight: 1 }, to: { key: "PRD-4", target: 97, weight: 1 } },
      "PRD-4",
      "changed the target of KPI PRD-4 from 96 to 97",
    ],
    [
      "several fields changed, in a fixed order",
      "kpi.updated",
      { from: { weight: 1, target: 96, baseline: null }, to: { weight: 2, target: 97, baseline: 80 } },
      "PRD-4",
      "changed KPI PRD-4: the baseline from none to 80, the target from 96 to 97 and the weight from 1 to 2",
    ],
    [
      "nothing tracked changed",
      "kpi.updated",
      { from: { target: 96 }, to: { target: 96 } },
      "PRD-4",
      "saved KPI PRD-4 without changing its figures",
    ],
    [
      "a deleted KPI is named by the key its entry kept",
      "kpi.deleted",
      { key: "PRD-9", name: "Scrap" },
      null,
      "deleted KPI PRD-9",
    ],
    [
      "a value recorded",
      "measurement.recorded",
      { key: "PRD-4", period: "2026-01-01", value: 85 },
      "PRD-4",
      "recorded 85 for PRD-4, period 2026-01-01",
    ],
    [
      "a person added to a team",
      "team.member_added",
      { userId: "u-1" },
      "Production",
      "added Max Member to the team Production",
    ],
    [
      "a person no longer in the organisation",
      "team.member_removed",
      { userId: "u-gone" },
      "Production",
      "removed someone who has left from the team Production",
    ],
    [
      "a role change",
      "member.role_changed",
      { from: "member", to: "process_owner" },
      "Max Member",
      "changed Max Member’s role from member to process owner",
    ],
    [
      "a renamed team",
      "team.renamed",
      { from: "Ops", to: "Operations" },
      "Operations",
      "renamed the team Ops to Operations",
    ],
    [
      "scoring settings",
      "settings.updated",
      { from: { outcomeWeight: 0.7, staleAfterPeriods: 2 }, to: { outcomeWeight: 0.6, staleAfterPeriods: 2 } },
      null,
      "changed the outcome weight α of the scoring settings from 0.7 to 0.6",
    ],
    [
      "an action's status",
      "action.status_changed",
      { from: "open", to: "done" },
      "Shorten changeover",
      "moved the action Shorten changeover from open to done",
    ],
    [
      "a CSV import",
      "measurements.imported",
      { count: 1, kpis: 1, replaced: 0 },
      null,
      "imported 1 value for 1 KPI from a CSV file",
    ],
    ["an unknown action reads as its words", "thing.happened_twice", null, null, "thing happened twice"],
  ])("%s", (_label, action, data, concerning, sentence) => {
    expect(auditSentence({ action, data, concerning }, names)).toBe(sentence);
  });
});

describe("changedFields", () => {
  test("only fields present in the new record count, and labels read as words", () => {
    expect(changedFields({ targetDate: null, name: "A" }, { targetDate: "2027-06-30" })).toEqual([
      { field: "target date", from: "none", to: "2027-06-30" },
    ]);
  });

  test("records that are not objects change nothing", () => {
    expect(changedFields(null, { target: 1 })).toEqual([]);
    expect(changedFields("a", "b")).toEqual([]);
  });
});
