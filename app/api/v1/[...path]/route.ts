import { ApiError, errorResponse } from "@/lib/api/errors";

/** Paths the API does not have answer in the API's error shape, not with an HTML page. */
function notFound(): Response {
  return errorResponse(
    new ApiError(404, "not_found", "There is no such endpoint. The endpoints are listed in /api/v1/openapi.json."),
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
