import { Table } from "@/components/ui/table";
import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { notFound } from "next/navigation";
import { ActionItemForm } from "@/components/reviews/action-form";
import { ActionList } from "@/components/reviews/action-list";
import { score } from "@/components/scores/format";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/context";
import { todayIso } from "@/lib/scoring/as-of";
import { listActions } from "@/lib/data/action-items";
import { orNotFound } from "@/lib/pages/or-not-found";
import { listMembers } from "@/lib/data/members";
import { getReview } from "@/lib/data/reviews";
import { reviewStatusLabels } from "@/lib/labels";
import { addDays } from "@/lib/scoring";
import { idSchema } from "@/lib/validations/team";

export const metadata = { title: "Review · Flowline" };

const signed = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(Math.round(x * 100))} pts`);
const tone = { on_track: "brand", at_risk: "amber", off_track: "amber" } as const;

export default async function ReviewPage({ params }: { params: Promise<{ org: string; reviewId: string }> }) {
  const { org, reviewId } = await params;
  const ctx = await getPageContext(org);
  if (!idSchema.safeParse(reviewId).success) notFound();
  const today = todayIso();
  const review = await orNotFound(getReview(ctx, reviewId));
  const [actionItems, members] = await Promise.all([
    listActions(ctx, { reviewId }, today),
    review.editable ? listMembers(ctx) : Promise.resolve([]),
  ]);
  const slug = ctx.org.slug;
  return (
    <>
      <Breadcrumb href={`/o/${slug}/streams/${review.stream.id}`}>{review.stream.name}</Breadcrumb>
      <PageHeader
        title={`Review of ${review.periodStart} to ${review.periodEnd}`}
        description={
          <>
            By {review.author ?? "someone who left"} on {review.createdAt.toISOString().slice(0, 10)} ·{" "}
            <Badge tone={tone[review.status]}>{reviewStatusLabels[review.status]}</Badge>
          </>
        }
      />
      <div className="space-y-6">
        {(review.summary || review.decisions) && (
          <div className="grid gap-6 md:grid-cols-2">
            <Card title="Summary">
              <p className="whitespace-pre-line text-sm text-slate-700">{review.summary || "—"}</p>
            </Card>
            <Card title="Decisions">
              <p className="whitespace-pre-line text-sm text-slate-700">{review.decisions || "—"}</p>
            </Card>
          </div>
        )}
        <Card title="KPIs at the review">
          <Table columns={["KPI", "Status", "Attainment", "Change", "Comment"]} minWidth="40rem">
            {review.kpis.map((k) => (
              <tr key={k.kpiId} className="align-top">
                <td className="px-5 py-2">
                  <Link href={`/o/${slug}/kpis/${k.kpiId}`} className="hover:underline">
                    <span className="font-mono text-xs text-slate-500">{k.key}</span> {k.name}
                  </Link>
                </td>
                <td className="px-5 py-2 capitalize">{k.status.replace("+stale", ", stale").replaceAll("_", " ")}</td>
                <td className="px-5 py-2 tabular-nums">{score(k.attainment)}</td>
                <td className="px-5 py-2 tabular-nums">{signed(k.change)}</td>
                <td className="px-5 py-2 text-slate-700">{k.comment || "—"}</td>
              </tr>
            ))}
          </Table>
        </Card>
        <div className="grid gap-6 lg:grid-cols-[1fr_24rem]">
          <Card title="Follow-up actions">
            <ActionList
              org={slug}
              items={actionItems}
              canChange={(a) => review.editable || a.ownerId === ctx.user.id}
              empty="No actions from this review yet."
            />
          </Card>
          {review.editable && (
            <Card title="New action">
              <ActionItemForm
                org={slug}
                hidden={{ reviewId: review.id }}
                members={members}
                kpis={review.kpis.map((k) => ({
                  id: k.kpiId,
                  key: k.key,
                  name: k.name,
                  status: k.status.replace("+stale", ""),
                }))}
                defaultDue={addDays(today, 30)}
              />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
