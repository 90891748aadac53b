import { Table } from "@/components/ui/table";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { getPageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { formatUtcDate } from "@/lib/display-dates";
import { listTokens, type TokenStatus } from "@/lib/data/tokens";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata = { title: "API tokens · Flowline" };

const when = (d: Date | null, none = "—") => (d ? formatUtcDate(d) : none);

const statusBadge: Record<TokenStatus, { label: string; tone: "brand" | "amber" | "slate" }> = {
  active: { label: "Active", tone: "brand" },
  expired: { label: "Expired", tone: "amber" },
  revoked: { label: "Revoked", tone: "slate" },
};

export default async function TokensPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await getPageContext((await params).org);
  if (!can(ctx.role, "tokens.manage")) notFound();
  const tokens = await listTokens(ctx);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let scripts and integrations use the{" "}
            <Link href="/api-docs" className="font-medium text-brand-700 underline">
              REST API
            </Link>{" "}
            for {ctx.org.name}. A token acts as the person who created it: a read token can only read; a write token can
            do what its creator&apos;s role allows.
          </>
        }
      />
      <div className="grid gap-6">
        <Card
          title="Create a token"
          description="Name it after what will use it. Leave the expiry empty for a token that does not expire."
        >
          <CreateTokenForm org={ctx.org.slug} action={createTokenAction} />
        </Card>
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">Create one above; its secret is shown once.</EmptyState>
        ) : (
          <Card title={`${tokens.length} ${tokens.length === 1 ? "token" : "tokens"}`}>
            <Table
              minWidth="48rem"
              columns={[
                "Token",
                "Scope",
                "Created",
                "Last used",
                "Expires",
                "Status",
                { key: "actions", label: "Actions", hidden: true },
              ]}
            >
              {tokens.map((t) => (
                <tr key={t.id} className="align-top">
                  <td className="px-5 py-3">
                    <p className="font-medium text-slate-900">{t.name}</p>
                    <p className="font-mono text-xs text-slate-500">{t.prefix}…</p>
                  </td>
                  <td className="px-5 py-3">{t.scope === "write" ? "Read and write" : "Read"}</td>
                  <td className="px-5 py-3 text-slate-600">
                    {when(t.createdAt)}
                    <span className="block text-xs text-slate-500">by {t.creatorName ?? "a deleted user"}</span>
                  </td>
                  <td className="px-5 py-3 text-slate-600">{when(t.lastUsedAt, "Never")}</td>
                  <td className="px-5 py-3 text-slate-600">{when(t.expiresAt, "Never")}</td>
                  <td className="px-5 py-3">
                    <Badge tone={statusBadge[t.status].tone}>{statusBadge[t.status].label}</Badge>
                  </td>
                  <td className="px-5 py-3 text-right">
                    {t.status !== "revoked" && (
                      <ConfirmAction
                        action={revokeTokenAction}
                        org={ctx.org.slug}
                        hidden={{ tokenId: t.id }}
                        trigger="Revoke"
                        title={`Revoke “${t.name}”?`}
                        confirmLabel="Revoke token"
                      >
                        Scripts using {t.prefix}… stop working at once: their requests answer 401. This cannot be
                        undone.
                      </ConfirmAction>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          </Card>
        )}
      </div>
    </>
  );
}
