import { streamJson } from "@/lib/api/serialise";
import { json, noContent, pathId, withApi } from "@/lib/api/with-api";
import { deleteStream, getStream, patchStream } from "@/lib/data/streams";
import { apiEmptyQuery, apiUpdateStreamSchema } from "@/lib/validations/api";

export const GET = withApi({ scope: "read", query: apiEmptyQuery }, async ({ ctx, params }) =>
  json(streamJson(await getStream(ctx, pathId(params.id, "That value stream")))),
);

export const PATCH = withApi({ scope: "write", body: apiUpdateStreamSchema }, async ({ ctx, params, body }) => {
  const streamId = pathId(params.id, "That value stream");
  await patchStream(ctx, streamId, body);
  return json(streamJson(await getStream(ctx, streamId)));
});

export const DELETE = withApi({ scope: "write" }, async ({ ctx, params }) => {
  await deleteStream(ctx, { streamId: pathId(params.id, "That value stream") });
  return noContent();
});
