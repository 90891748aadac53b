import "server-only";
import { findOrgContext } from "@/lib/auth/context";
import type { OrgContext } from "@/lib/auth/org-context";
import { can, type Permission } from "@/lib/auth/permissions";
import { AppError, type ErrorCode } from "@/lib/errors";

type Params = { params: Promise<{ org: string }> };

const statusOf: Partial<Record<ErrorCode, number>> = { not_found: 404, forbidden: 403, validation: 400 };

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * Builds a route handler under /o/[org] (a download, say) with the same prelude as orgAction:
 * session → organisation → role → `options.permission`, then `run`. Another organisation (or a
 * stream or team of one) answers 404, as pages do; an expected failure its status, in plain text.
 */
export function orgRoute(
  run: (ctx: OrgContext, request: Request) => Promise<Response>,
  options: { permission?: Permission } = {},
) {
  return async (request: Request, { params }: Params): Promise<Response> => {
    const ctx = await findOrgContext((await params).org);
    if (ctx === "unauthenticated") return text("Sign in to continue.", 401);
    if (!ctx || (options.permission && !can(ctx.role, options.permission))) return text("Not found.", 404);
    try {
      return await run(ctx, request);
    } catch (error) {
      const status = error instanceof AppError ? statusOf[error.code] : undefined;
      if (!status) throw error;
      return text(status === 404 ? "Not found." : (error as AppError).message, status);
    }
  };
}
