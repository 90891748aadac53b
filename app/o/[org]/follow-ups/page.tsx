import { ActionList } from "@/components/reviews/action-list";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { todayIso } from "@/lib/scoring/as-of";
import { listActions } from "@/lib/data/action-items";

export const metadata = { title: "My actions · Flowline" };

export default async function MyActionsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  const items = await listActions(ctx, { ownerId: ctx.user.id }, todayIso());
  const open = items.filter((a) => a.status === "open" || a.status === "in_progress");
  const closed = items.filter((a) => !open.includes(a));
  const mayChange = can(ctx.role, "assigned.update");
  return (
    <>
      <PageHeader
        title="My actions"
        description="Follow-ups you own. After the due date, each one aimed at a KPI shows the realised change beside the expected one."
      />
      <div className="space-y-6">
        <Card title={`Open (${open.length})`}>
          <ActionList org={ctx.org.slug} items={open} canChange={() => mayChange} empty="Nothing open. Well done." />
        </Card>
        <Card title={`Done or cancelled (${closed.length})`}>
          <ActionList org={ctx.org.slug} items={closed} canChange={() => mayChange} empty="None yet." />
        </Card>
      </div>
    </>
  );
}
