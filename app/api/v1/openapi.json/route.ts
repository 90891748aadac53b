import { openApiDocument } from "@/lib/api/openapi";

/** The OpenAPI 3.1 document: public (it describes the API, not any organisation's data). */
export function GET() {
  return new Response(JSON.stringify(openApiDocument(), null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    },
  });
}
