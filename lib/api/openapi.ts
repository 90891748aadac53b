import { z } from "zod";
import {
  apiBulkMeasurementsSchema,
  apiCreateKpiSchema,
  apiCreateStreamSchema,
  apiCreateTeamSchema,
  apiKpiListQuery,
  apiMeasurementListQuery,
  apiScoresQuery,
  apiStreamListQuery,
  apiUpdateKpiSchema,
  apiUpdateStreamSchema,
  MAX_BULK_MEASUREMENTS,
} from "@/lib/validations/api";
import {
  bulkResultSchema,
  errorSchema,
  kpiListSchema,
  kpiSchema,
  measurementListSchema,
  scoresSchema,
  streamListSchema,
  streamSchema,
  teamListSchema,
  teamSchema,
} from "./schemas";
import { apiRateLimit } from "./with-api";

/**
 * The OpenAPI 3.1 document of the REST API, generated from the zod schemas that validate requests
 * (lib/validations/api.ts) and describe answers (lib/api/schemas.ts). Each operation below is the
 * contract of one exported route handler under app/api/v1; a test checks that every handler is listed.
 */

type Method = "get" | "post" | "patch" | "delete";
type JsonSchema = Record<string, unknown>;

export interface Operation {
  method: Method;
  /** OpenAPI path, under /api/v1. */
  path: string;
  operationId: string;
  tag: "Teams" | "Value streams" | "KPIs" | "Measurements" | "Scores" | "Meta";
  summary: string;
  description?: string;
  /** null: no token needed. */
  scope: "read" | "write" | null;
  pathParams?: { name: string; description: string }[];
  query?: z.ZodType;
  body?: z.ZodType;
  idempotent?: boolean;
  /** The success answer. */
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType };
  /** 404 and 409 when the operation can answer them (auth, rate limit and validation are added). */
  notFound?: string;
  conflict?: string;
}

const idParam = (description: string) => [{ name: "id", description }];
const kpiParam = idParam("The KPI's id or key (e.g. MKT-3, any case).");

export const operations: Operation[] = [
  {
    method: "get",
    path: "/teams",
    operationId: "listTeams",
    tag: "Teams",
    summary: "List the teams",
    scope: "read",
    success: { status: 200, description: "The organisation's teams, by name.", schema: teamListSchema },
  },
  {
    method: "post",
    path: "/teams",
    operationId: "createTeam",
    tag: "Teams",
    summary: "Create a team",
    description: "Needs a write token whose creator manages teams (owner or admin).",
    scope: "write",
    body: apiCreateTeamSchema,
    success: { status: 201, description: "The new team.", schema: teamSchema },
    conflict: "A team with that name exists.",
  },
  {
    method: "get",
    path: "/streams",
    operationId: "listStreams",
    tag: "Value streams",
    summary: "List the value streams",
    scope: "read",
    query: apiStreamListQuery,
    success: {
      status: 200,
      description: "Streams by name, each with stage and KPI counts and capacity figures.",
      schema: streamListSchema,
    },
  },
  {
    method: "post",
    path: "/streams",
    operationId: "createStream",
    tag: "Value streams",
    summary: "Create a value stream",
    description:
      "With its stages and their resources, or from a template. Needs a write token whose creator edits streams (owner, admin or process owner).",
    scope: "write",
    body: apiCreateStreamSchema,
    success: {
      status: 201,
      description: "The new stream with its stages, resources and capacity figures.",
      schema: streamSchema,
    },
  },
  {
    method: "get",
    path: "/streams/{id}",
    operationId: "getStream",
    tag: "Value streams",
    summary: "Get a value stream",
    scope: "read",
    pathParams: idParam("The stream's id."),
    success: {
      status: 200,
      description: "The stream with its stages, resources, capacity figures and KPIs.",
      schema: streamSchema,
    },
    notFound: "No such stream in the token's organisation.",
  },
  {
    method: "patch",
    path: "/streams/{id}",
    operationId: "updateStream",
    tag: "Value streams",
    summary: "Change a value stream",
    description:
      "Only the fields given change. `stages` replaces the stages: listed ids are kept in the new order, new ones added, the others removed.",
    scope: "write",
    pathParams: idParam("The stream's id."),
    body: apiUpdateStreamSchema,
    success: { status: 200, description: "The stream as it is now.", schema: streamSchema },
    notFound: "No such stream in the token's organisation.",
  },
  {
    method: "delete",
    path: "/streams/{id}",
    operationId: "deleteStream",
    tag: "Value streams",
    summary: "Delete a value stream",
    description:
      "Deletes the stream with its stages, resources, KPIs and their values. To keep them, archive it instead (PATCH archived: true).",
    scope: "write",
    pathParams: idParam("The stream's id."),
    success: { status: 204, description: "Deleted." },
    notFound: "No such stream in the token's organisation.",
  },
  {
    method: "get",
    path: "/kpis",
    operationId: "listKpis",
    tag: "KPIs",
    summary: "List the KPIs",
    scope: "read",
    query: apiKpiListQuery,
    success: { status: 200, description: "KPIs by key (MKT-2 before MKT-10).", schema: kpiListSchema },
    notFound: "The stream or team filter names none of the organisation's.",
  },
  {
    method: "post",
    path: "/kpis",
    operationId: "createKpi",
    tag: "KPIs",
    summary: "Create a KPI",
    scope: "write",
    body: apiCreateKpiSchema,
    success: { status: 201, description: "The new KPI.", schema: kpiSchema },
    notFound: "No such stream in the token's organisation.",
    conflict: "Another KPI has that key.",
  },
  {
    method: "get",
    path: "/kpis/{id}",
    operationId: "getKpi",
    tag: "KPIs",
    summary: "Get a KPI",
    scope: "read",
    pathParams: kpiParam,
    success: { status: 200, description: "The KPI.", schema: kpiSchema },
    notFound: "No such KPI in the token's organisation.",
  },
  {
    method: "patch",
    path: "/kpis/{id}",
    operationId: "updateKpi",
    tag: "KPIs",
    summary: "Change a KPI",
    scope: "write",
    pathParams: kpiParam,
    body: apiUpdateKpiSchema,
    success: { status: 200, description: "The KPI as it is now.", schema: kpiSchema },
    notFound: "No such KPI in the token's organisation.",
    conflict: "Another KPI has that key.",
  },
  {
    method: "delete",
    path: "/kpis/{id}",
    operationId: "deleteKpi",
    tag: "KPIs",
    summary: "Delete a KPI",
    description: "Deletes the KPI and its values. To keep them, archive it instead (PATCH archived: true).",
    scope: "write",
    pathParams: kpiParam,
    success: { status: 204, description: "Deleted." },
    notFound: "No such KPI in the token's organisation.",
  },
  {
    method: "get",
    path: "/kpis/{id}/measurements",
    operationId: "listMeasurements",
    tag: "Measurements",
    summary: "List a KPI's values",
    scope: "read",
    pathParams: kpiParam,
    query: apiMeasurementListQuery,
    success: {
      status: 200,
      description: "The values whose period overlaps from–to, oldest first.",
      schema: measurementListSchema,
    },
    notFound: "No such KPI in the token's organisation.",
  },
  {
    method: "post",
    path: "/measurements",
    operationId: "writeMeasurements",
    tag: "Measurements",
    summary: "Write values in bulk",
    description: `Up to ${MAX_BULK_MEASUREMENTS.toLocaleString("en")} values in one request: all valid and written, or none (422 lists every invalid item by index and field). Each value is filed under the start of its KPI's period and replaces the value that period had. Send an Idempotency-Key to retry safely: the same key and body answer the first answer again (with Idempotent-Replayed: true); the same key with another body is a 422.`,
    scope: "write",
    body: apiBulkMeasurementsSchema,
    idempotent: true,
    success: { status: 200, description: "Written.", schema: bulkResultSchema },
  },
  {
    method: "get",
    path: "/scores",
    operationId: "getScores",
    tag: "Scores",
    summary: "Scores of a team, a stream or the organisation",
    description:
      "Output, outcome and value scores, quadrant, outcome focus, coverage and every KPI's attainment, as of a date. Neither team nor stream: the whole organisation.",
    scope: "read",
    query: apiScoresQuery,
    success: { status: 200, description: "The scores.", schema: scoresSchema },
    notFound: "The team or stream is none of the organisation's.",
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApi",
    tag: "Meta",
    summary: "This document",
    scope: null,
    success: { status: 200, description: "The OpenAPI 3.1 document." },
  },
];

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

function operationObject(op: Operation) {
  const limit = apiRateLimit();
  const responses: Record<string, unknown> = {};
  const success = op.success;
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
  if (op.pathParams || op.notFound)
    responses["404"] = errorResponse(op.notFound ?? "Not found (also another organisation's ids).");
  if (op.conflict) responses["409"] = errorResponse(op.conflict);
  if (op.body) responses["413"] = errorResponse("The body is too large.");
  if (op.body || op.query || op.idempotent)
    responses["422"] = errorResponse("Invalid: `details` names each field (and, for bulk items, its index).");
  if (op.scope) {
    responses["429"] = {
      ...errorResponse(`More than ${limit.max} requests from this token in ${limit.windowSeconds} seconds.`),
      headers: { "Retry-After": { description: "Seconds until the window resets.", schema: { type: "integer" } } },
    };
    responses["500"] = errorResponse("Our fault; nothing was changed.");
  }
  const parameters = [
    ...(op.pathParams ?? []).map((p) => ({
      name: p.name,
      in: "path",
      required: true,
      description: p.description,
      schema: { type: "string" },
    })),
    ...(op.query ? queryParameters(op.query) : []),
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
function components(): Record<string, JsonSchema> {
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
    ...operations.flatMap((op) => [op.body, op.success.schema].filter((s): s is z.ZodType => Boolean(s))),
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

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  const limit = apiRateLimit();
  cached = {
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
      schemas: components(),
    },
  };
  return cached;
}
