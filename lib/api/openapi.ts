import "server-only";
import { z } from "zod";
import { MAX_BULK_MEASUREMENTS } from "@/lib/validations/api";
import type { Endpoint } from "./endpoint";
import { errorSchema } from "./schemas";
import { apiRateLimit } from "./with-api";

/**
 * The OpenAPI 3.1 document of the REST API, derived from the endpoint declarations (lib/api/endpoints):
 * the zod schemas that validate requests (lib/validations) and describe answers (lib/api/schemas.ts)
 * become its parameters, bodies and components. The route handlers are derived from the same list.
 */

type JsonSchema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function idOf(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error("An API schema without .meta({ id }) can't be a component.");
  return id;
}

function inline(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ref("Error") } } };
}

function queryParameters(schema: z.ZodType) {
  const json = inline(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: json.required?.includes(name) ?? false, description, schema: rest };
  });
}

/** A query schema that takes parameters (the strict empty one only refuses unknown ones). */
const hasParameters = (schema: z.ZodType | undefined): schema is z.ZodType =>
  schema !== undefined && Object.keys((inline(schema) as { properties?: object }).properties ?? {}).length > 0;

function operationObject(op: Endpoint, allow: string) {
  const limit = apiRateLimit();
  const responses: Record<string, unknown> = {};
  const success = op.response;
  const query = hasParameters(op.query) ? op.query : undefined;
  responses[String(success.status)] = success.schema
    ? {
        description: success.description,
        ...(op.idempotent
          ? {
              headers: {
                "Idempotent-Replayed": {
                  description:
                    "true when this is the stored answer to an earlier request with the same Idempotency-Key.",
                  schema: { type: "string", enum: ["true"] },
                },
              },
            }
          : {}),
        content: { "application/json": { schema: ref(idOf(success.schema)) } },
      }
    : { description: success.description };
  if (op.body) responses["400"] = errorResponse("The body is not JSON (malformed).");
  if (op.scope)
    responses["401"] = errorResponse(
      "No token, or a token that is invalid, revoked, expired, or whose creator left the organisation.",
    );
  if (op.scope) {
    responses["403"] = errorResponse(
      op.scope === "write"
        ? "A read token, or the token's creator may not do this."
        : "The token's creator may not do this.",
    );
  }
  if (op.params || op.errors?.[404])
    responses["404"] = errorResponse(op.errors?.[404] ?? "Not found (also another organisation's ids).");
  responses["405"] = {
    ...errorResponse("Sent with a method this path does not take (method_not_allowed): `Allow` lists those it takes."),
    headers: { Allow: { description: `The methods the path takes: ${allow}.`, schema: { type: "string" } } },
  };
  if (op.errors?.[409]) responses["409"] = errorResponse(op.errors[409]);
  if (op.body) responses["413"] = errorResponse("The body is too large.");
  if (op.body || query || op.idempotent)
    responses["422"] = errorResponse("Invalid: `details` names each field (and, for bulk items, its index).");
  if (op.scope) {
    responses["429"] = {
      ...errorResponse(`More than ${limit.max} requests from this token in ${limit.windowSeconds} seconds.`),
      headers: { "Retry-After": { description: "Seconds until the window resets.", schema: { type: "integer" } } },
    };
    responses["500"] = errorResponse("Our fault; nothing was changed.");
  }
  const parameters = [
    ...Object.entries(op.params ?? {}).map(([name, param]) => ({
      name,
      in: "path",
      required: true,
      description: param.description,
      schema: { type: "string" },
    })),
    ...(query ? queryParameters(query) : []),
    ...(op.idempotent
      ? [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description:
              "Any unique string (1–255 visible ASCII characters, e.g. a uuid): a retry with the same key and body answers the first answer and writes nothing again.",
            schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
          },
        ]
      : []),
  ];
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.scope === null ? { security: [] } : {}),
    ...(op.scope ? { "x-token-scope": op.scope } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: ref(idOf(op.body)) } } } }
      : {}),
    responses,
  };
}

/** Component schemas the operations reach, from the zod registry. */
function components(endpoints: readonly Endpoint[]): Record<string, JsonSchema> {
  const all = (
    z.toJSONSchema(z.globalRegistry, {
      io: "input",
      unrepresentable: "any",
      uri: (id) => `#/components/schemas/${id}`,
    }) as {
      schemas: Record<string, JsonSchema>;
    }
  ).schemas;
  const roots = [
    errorSchema,
    ...endpoints.flatMap((op) => [op.body, op.response.schema].filter((s): s is z.ZodType => Boolean(s))),
  ].map(idOf);
  const reached = new Set<string>();
  const visit = (id: string) => {
    if (reached.has(id) || !all[id]) return;
    reached.add(id);
    for (const match of JSON.stringify(all[id]).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) visit(match[1]!);
  };
  roots.forEach(visit);
  return Object.fromEntries(
    [...reached].sort().map((id) => {
      const { $schema: _s, $id: _i, ...schema } = all[id]!;
      return [id, schema];
    }),
  );
}

/** The `Allow` header of a path: the methods it declares, with the HEAD and OPTIONS Next adds. */
export function allowHeader(methods: readonly string[]): string {
  return [...new Set([...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"])].sort().join(", ");
}

export function buildOpenApiDocument(endpoints: readonly Endpoint[]): Record<string, unknown> {
  const methodsOf = (path: string) => endpoints.filter((e) => e.path === path).map((e) => e.method);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of endpoints)
    (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op, allowHeader(methodsOf(op.path)));
  const limit = apiRateLimit();
  return {
    openapi: "3.1.0",
    info: {
      title: "Flowline REST API",
      version: "1.0.0",
      description: [
        "Read and write an organisation's value streams, KPIs and measurements, and read its scores.",
        "",
        "**Tokens.** An owner or admin creates API tokens in Settings → API tokens (or `npm run flowline -- token create`). Send one as `Authorization: Bearer <token>`. A token belongs to one organisation and acts as the member who created it: a write token with that member's current role, a read token as a viewer. Revoked or expired tokens, and tokens whose creator left the organisation, answer 401.",
        "",
        `**Limits.** ${limit.max} requests a token every ${limit.windowSeconds} seconds (429 with Retry-After beyond); bodies up to 1 MiB (10 MiB for bulk measurements); up to ${MAX_BULK_MEASUREMENTS.toLocaleString("en")} measurements a request.`,
        "",
        '**Errors** are JSON `{ "error": { "code", "message", "details" } }`. Another organisation\'s ids answer 404, exactly like ids that don\'t exist.',
      ].join("\n"),
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    tags: [
      { name: "Teams" },
      { name: "Value streams", description: "Streams with their stages, resources and capacity figures." },
      { name: "Scenarios", description: "What-if drafts of a stream's setup, compared with today; never scored." },
      { name: "Value chain", description: "Links between streams and the chain's figures, per month." },
      { name: "KPIs", description: "KPIs are addressed by id or by key." },
      { name: "Measurements", description: "One value per KPI per period; writing a period again replaces its value." },
      { name: "Scores" },
      { name: "Meta" },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "flw_…", description: "An organisation API token." },
      },
      schemas: components(endpoints),
    },
  };
}
