import { ESLint } from "eslint";
import * as prettier from "prettier";
import { beforeAll, describe, expect, test } from "vitest";

// The boundaries of README's "Architecture" section, as `npm run lint` enforces them: each case lints
// one import, as if it stood in a file at `filePath`, with the project's own eslint.config.mjs.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("no-restricted-imports", () => {
  test.each([
    ["lib/scoring/fixture.ts", 'import { getDb } from "@/db/client";'],
    ["lib/scoring/fixture.ts", 'import { kpis } from "../../db/schema";'],
    ["lib/capacity/fixture.ts", 'import { cache } from "react";'],
    ["lib/time/fixture.ts", 'import { notFound } from "next/navigation";'],
    ["lib/analysis/fixture.ts", 'import type { ScoringData } from "@/lib/data/scores";'],
    ["lib/charts/fixture.ts", 'import { ChartPoints } from "react";'],
    ["lib/data/fixture.ts", 'import { redirect } from "next/navigation";'],
    ["lib/data/fixture.ts", 'import { Card } from "@/components/ui/card";'],
    ["components/fixture.tsx", 'import Page from "@/app/o/[org]/page";'],
    ["components/fixture.tsx", 'import { GET } from "@/app/o/[org]/export/route";'],
  ])("%s may not: %s", async (filePath, source) => {
    expect(await restricted(filePath, source)).toHaveLength(1);
  });

  test.each([
    ["lib/scoring/fixture.ts", 'import { periodStart } from "./period";'],
    ["lib/capacity/fixture.ts", 'import { groupBy } from "@/lib/group-by";'],
    ["lib/data/fixture.ts", 'import { getDb } from "@/db/client";'],
    ["components/fixture.tsx", 'import { quickRecordAction } from "@/app/o/[org]/kpis/actions";'],
    ["components/fixture.tsx", 'import { signOutAction } from "@/app/(auth)/actions";'],
    ["app/o/[org]/fixture.tsx", 'import { Card } from "@/components/ui/card";'],
  ])("%s may: %s", async (filePath, source) => {
    expect(await restricted(filePath, source)).toEqual([]);
  });
});

describe("prettier --check", () => {
  test("an unformatted file fails the check; the same code formatted passes", async () => {
    const options = { ...(await prettier.resolveConfig("lib/scoring/fixture.ts")), filepath: "lib/scoring/fixture.ts" };
    const unformatted = "export const  x = {a:1}\n";
    expect(await prettier.check(unformatted, options)).toBe(false);
    expect(await prettier.check(await prettier.format(unformatted, options), options)).toBe(true);
  });
});
