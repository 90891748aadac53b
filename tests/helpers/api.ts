import { getDb } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { generateTokenSecret, hashTokenSecret } from "@/lib/auth/api-token";
import type { OrgContext } from "@/lib/auth/org-context";
import { can } from "@/lib/auth/permissions";
import { createToken } from "@/lib/data/tokens";
import { createTenants } from "./fixtures";

/** What a route handler under app/api/v1 exports. */
export type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Response | Promise<Response>;

/**
 * A token acting as `ctx.user`; answers its secret and id. Created through the data layer when the
 * role may manage tokens; for other roles it is written directly, as if an admin who created it had
 * since been given that role.
 */
export async function apiToken(ctx: OrgContext, scope: "read" | "write" = "write", expiresInDays?: number) {
  if (can(ctx.role, "tokens.manage")) {
    const { secret, token } = await createToken(ctx, { name: `test ${scope} token`, scope, expiresInDays });
    return { secret, id: token.id };
  }
  const secret = generateTokenSecret();
  const db = await getDb();
  const [row] = await db
    .insert(apiTokens)
    .values({
      orgId: ctx.org.id,
      name: `test ${scope} token`,
      prefix: secret.slice(0, 12),
      tokenHash: hashTokenSecret(secret),
      scope,
      createdBy: ctx.user.id,
    })
    .returning({ id: apiTokens.id });
  return { secret, id: row!.id };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON body; null for an empty one. */
  body: T;
}

/**
 * Calls a route handler the way Next does: a Request (JSON body unless `raw` is given) and a params promise.
 * `token` null sends no Authorization header.
 */
export async function call<T = unknown>(
  handler: RouteHandler,
  options: {
    token: string | null;
    method?: string;
    path?: string;
    query?: Record<string, string | undefined>;
    params?: Record<string, string | string[]>;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
  },
): Promise<ApiAnswer<T>> {
  const url = new URL(`http://flowline.test/api/v1${options.path ?? "/"}`);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== null) headers.authorization = `Bearer ${options.token}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await handler(
    new Request(url, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body }),
    {
      params: Promise.resolve(options.params ?? {}),
    },
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Checks the API's error shape and answers the error. */
export function apiError(answer: ApiAnswer): {
  code: string;
  message: string;
  details: { path: string; message: string; index?: number; field?: string }[] | null;
} {
  const body = answer.body as { error?: { code: string; message: string; details: unknown } };
  if (
    !body?.error ||
    typeof body.error.code !== "string" ||
    typeof body.error.message !== "string" ||
    !("details" in body.error)
  ) {
    throw new Error(`Not the API error shape (status ${answer.status}): ${JSON.stringify(answer.body)}`);
  }
  return body.error as ReturnType<typeof apiError>;
}

/** Two organisations and a write and a read token of the first: how most API test files begin. */
export async function tenantsWithTokens() {
  const { orgA, orgB } = await createTenants();
  const [write, read] = await Promise.all([apiToken(orgA.ctx.owner, "write"), apiToken(orgA.ctx.owner, "read")]);
  return { orgA, orgB, write: write.secret, read: read.secret };
}
