import { ApiError } from "@/lib/api/errors";
import { jsonHeaders } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { ingestMeasurements } from "@/lib/data/ingest";
import { apiBulkMeasurementsSchema } from "@/lib/validations/api";

/** Visible ASCII, 1 to 255 characters: room for a uuid or any client's own scheme. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const POST = withApi(
  { scope: "write", body: apiBulkMeasurementsSchema, maxBodyBytes: 10 * 1024 * 1024 },
  async ({ request, ctx, body, requestHash }) => {
    const key = request.headers.get("idempotency-key");
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
      throw new ApiError(422, "validation", "Check the Idempotency-Key header.", [
        { path: "headers.Idempotency-Key", message: "Use 1 to 255 visible ASCII characters, e.g. a uuid." },
      ]);
    }
    const answer = await ingestMeasurements(
      ctx,
      body.measurements,
      key === null ? undefined : { key, requestHash: requestHash() },
    );
    return new Response(answer.body, {
      status: answer.status,
      headers: { ...jsonHeaders, ...(answer.replayed ? { "idempotent-replayed": "true" } : {}) },
    });
  },
);
