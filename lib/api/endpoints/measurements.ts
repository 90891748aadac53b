import "server-only";
import { ingestMeasurements } from "@/lib/data/ingest";
import { apiBulkMeasurementsSchema, MAX_BULK_MEASUREMENTS } from "@/lib/validations/api";
import { endpoint } from "../endpoint";
import { ApiError, jsonHeaders } from "../errors";
import { bulkResultSchema } from "../schemas";

/** Visible ASCII, 1 to 255 characters: room for a uuid or any client's own scheme. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const measurementEndpoints = [
  endpoint({
    method: "POST",
    path: "/measurements",
    operationId: "writeMeasurements",
    tag: "Measurements",
    summary: "Write values in bulk",
    description: `Up to ${MAX_BULK_MEASUREMENTS.toLocaleString("en")} values in one request: all valid and written, or none (422 lists every invalid item by index and field). Each value is filed under the start of its KPI's period and replaces the value that period had. Send an Idempotency-Key to retry safely: the same key and body answer the first answer again (with Idempotent-Replayed: true); the same key with another body is a 422.`,
    scope: "write",
    body: apiBulkMeasurementsSchema,
    maxBodyBytes: 10 * 1024 * 1024,
    idempotent: true,
    response: { status: 200, description: "Written.", schema: bulkResultSchema },
    handler: async ({ request, ctx, body, requestHash }) => {
      const key = request.headers.get("idempotency-key");
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
        throw new ApiError(422, "validation", "Check the Idempotency-Key header.", [
          { path: "headers.Idempotency-Key", message: "Use 1 to 255 visible ASCII characters, e.g. a uuid." },
        ]);
      }
      // The stored answer of a replay is sent as it was, so the handler answers the Response itself.
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
  }),
];
