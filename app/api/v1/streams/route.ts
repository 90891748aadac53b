import { streamJson, streamSummaryJson } from "@/lib/api/serialise";
import { created, json, withApi } from "@/lib/api/with-api";
import { createStream, getStream, listStreams } from "@/lib/data/streams";
import { apiCreateStreamSchema, apiStreamListQuery } from "@/lib/validations/api";

export const GET = withApi({ scope: "read", query: apiStreamListQuery }, async ({ ctx, query }) =>
  json({ data: (await listStreams(ctx, { archived: query.archived === "true" })).map(streamSummaryJson) }),
);

export const POST = withApi({ scope: "write", body: apiCreateStreamSchema }, async ({ ctx, body }) => {
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
  return created(streamJson(await getStream(ctx, stream.id)), `/api/v1/streams/${stream.id}`);
});
