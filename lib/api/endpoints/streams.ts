import "server-only";
import { createStream, deleteStream, getStream, listStreams, patchStream } from "@/lib/data/streams";
import { apiCreateStreamSchema, apiEmptyQuery, apiStreamListQuery, apiUpdateStreamSchema } from "@/lib/validations/api";
import { endpoint, streamParam } from "../endpoint";
import { streamListSchema, streamSchema } from "../schemas";
import { streamJson, streamSummaryJson } from "../serialise";

const notFound = "No such stream in the token's organisation.";

export const streamEndpoints = [
  endpoint({
    method: "GET",
    path: "/streams",
    operationId: "listStreams",
    tag: "Value streams",
    summary: "List the value streams",
    scope: "read",
    query: apiStreamListQuery,
    response: {
      status: 200,
      description: "Streams by name, each with stage and KPI counts and capacity figures.",
      schema: streamListSchema,
    },
    handler: async ({ ctx, query }) => ({
      data: (await listStreams(ctx, { archived: query.archived === "true" })).map(streamSummaryJson),
    }),
  }),
  endpoint({
    method: "POST",
    path: "/streams",
    operationId: "createStream",
    tag: "Value streams",
    summary: "Create a value stream",
    description:
      "With its stages and their resources, or from a template. Needs a write token whose creator edits streams (owner, admin or process owner).",
    scope: "write",
    body: apiCreateStreamSchema,
    response: {
      status: 201,
      description: "The new stream with its stages, resources and capacity figures.",
      schema: streamSchema,
      location: (stream) => `/api/v1/streams/${stream.id}`,
    },
    handler: async ({ ctx, body }) => {
      const { stages, template, ...fields } = body;
      const stream = await createStream(
        ctx,
        {
          name: fields.name,
          kind: fields.kind ?? template!,
          customerNeed: fields.customerNeed || undefined,
          ownerId: fields.ownerId ?? undefined,
          demandAmount: fields.demandAmount ?? undefined,
          demandUnit: fields.demandUnit || undefined,
          demandPeriod: fields.demandPeriod ?? "week",
          template,
        },
        stages,
      );
      return streamJson(await getStream(ctx, stream.id));
    },
  }),
  endpoint({
    method: "GET",
    path: "/streams/{id}",
    operationId: "getStream",
    tag: "Value streams",
    summary: "Get a value stream",
    scope: "read",
    params: { id: streamParam },
    query: apiEmptyQuery,
    response: {
      status: 200,
      description: "The stream with its stages, resources, capacity figures and KPIs.",
      schema: streamSchema,
    },
    errors: { 404: notFound },
    handler: async ({ ctx, params }) => streamJson(await getStream(ctx, params.id)),
  }),
  endpoint({
    method: "PATCH",
    path: "/streams/{id}",
    operationId: "updateStream",
    tag: "Value streams",
    summary: "Change a value stream",
    description:
      "Only the fields given change. `stages` replaces the stages: listed ids are kept in the new order, new ones added, the others removed.",
    scope: "write",
    params: { id: streamParam },
    body: apiUpdateStreamSchema,
    response: { status: 200, description: "The stream as it is now.", schema: streamSchema },
    errors: { 404: notFound },
    handler: async ({ ctx, params, body }) => {
      await patchStream(ctx, params.id, body);
      return streamJson(await getStream(ctx, params.id));
    },
  }),
  endpoint({
    method: "DELETE",
    path: "/streams/{id}",
    operationId: "deleteStream",
    tag: "Value streams",
    summary: "Delete a value stream",
    description:
      "Deletes the stream with its stages, resources, KPIs and their values. To keep them, archive it instead (PATCH archived: true).",
    scope: "write",
    params: { id: streamParam },
    response: { status: 204, description: "Deleted." },
    errors: { 404: notFound },
    handler: async ({ ctx, params }) => {
      await deleteStream(ctx, { streamId: params.id });
    },
  }),
];
