import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { ActionForm, SubmitButton } from "@/components/ui/form";
import { StreamFields } from "@/components/streams/stream-fields";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { listStreamOwnerCandidates } from "@/lib/data/streams";
import { streamTemplates } from "@/lib/templates";
import { createStreamAction } from "../actions";
import { counted } from "@/lib/plural";

export const metadata = { title: "New value stream · Flowline" };

export default async function NewStreamPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  if (!can(ctx.role, "streams.write")) notFound();
  const owners = can(ctx.role, "streams.assign") ? await listStreamOwnerCandidates(ctx) : [];
  const templates = Object.values(streamTemplates);
  return (
    <>
      <PageHeader title="New value stream" description="Start from a template and adjust it, or start blank." />
      <Card>
        <ActionForm action={createStreamAction} org={ctx.org.slug} className="grid max-w-2xl gap-5">
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Start from</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              <label className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                <input type="radio" name="template" value="" defaultChecked className="mt-1" />
                <span>
                  <span className="block text-sm font-medium">Blank stream</span>
                  <span className="block text-xs text-slate-600">Add your own stages, resources and KPIs.</span>
                </span>
              </label>
              {templates.map((t) => (
                <label
                  key={t.kind}
                  className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                >
                  <input type="radio" name="template" value={t.kind} className="mt-1" />
                  <span>
                    <span className="block text-sm font-medium">{t.name}</span>
                    <span className="block text-xs text-slate-600">
                      {t.description} {counted(t.stages.length, "stage")}, {counted(t.kpis.length, "KPI")}.
                    </span>
                  </span>
                </label>
              ))}
            </div>
            <p className="mt-2 text-xs text-slate-500">
              With a template, its stages, resources and KPIs are added; the fields below name the stream.
            </p>
          </fieldset>
          <StreamFields owners={owners} defaults={{ kind: "custom", demandPeriod: "week" }} />
          <div>
            <SubmitButton pendingLabel="Creating…">Create stream</SubmitButton>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
