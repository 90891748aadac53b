import { notFound } from "next/navigation";
import { CsvImport } from "@/components/kpis/csv-import";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { applyImportAction, checkImportAction } from "./actions";

export const metadata = { title: "Import values · Flowline" };

export default async function ImportPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  if (!can(ctx.role, "measurements.write")) notFound();
  return (
    <>
      <PageHeader
        title="Import values"
        description="Load KPI values from a spreadsheet or another system. Every row must be valid, or nothing is imported."
      />
      <Card>
        <CsvImport org={ctx.org.slug} check={checkImportAction} apply={applyImportAction} />
      </Card>
    </>
  );
}
