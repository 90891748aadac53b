import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, test } from "vitest";
import * as kpiMeasurements from "@/app/api/v1/kpis/[id]/measurements/route";
import * as kpi from "@/app/api/v1/kpis/[id]/route";
import * as kpis from "@/app/api/v1/kpis/route";
import * as measurements from "@/app/api/v1/measurements/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as scores from "@/app/api/v1/scores/route";
import * as stream from "@/app/api/v1/streams/[id]/route";
import * as streams from "@/app/api/v1/streams/route";
import * as teams from "@/app/api/v1/teams/route";
import { openApiDocument } from "@/lib/api/openapi";
import { revokeToken } from "@/lib/data/tokens";
import { apiToken, call, type ApiAnswer, type RouteHandler } from "../helpers/api";
import { createTenants, createTestStream, type OrgFixture } from "../helpers/fixtures";

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
        requestBody?: { content: Record<string, { schema: unknown }> };
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
};

const modules: Record<string, Record<string, unknown>> = {
  "/teams": teams,
  "/streams": streams,
  "/streams/{id}": stream,
  "/kpis": kpis,
  "/kpis/{id}": kpi,
  "/kpis/{id}/measurements": kpiMeasurements,
  "/measurements": measurements,
  "/scores": scores,
  "/openapi.json": openapi,
};
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const DOC_ID = "https://flowline.example/api/v1/openapi.json";

beforeAll(async () => {
  const served = await call<Doc>(openapi.GET as RouteHandler, { token: null, path: "/openapi.json" });
  expect(served.status).toBe(200);
  doc = served.body;
  expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  ajv.addSchema({ $id: DOC_ID, components: doc.components });
});

function routeFiles(dir: string, base = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full, `${base}/${name}`);
    return name === "route.ts" ? [base] : [];
  });
}

/** Checks an answer against the document: its status is documented for the operation and its body fits the schema. */
function expectContract(docPath: string, method: string, answer: ApiAnswer) {
  const operation = doc.paths[docPath]?.[method.toLowerCase()];
  expect(operation, `${method} ${docPath} is documented`).toBeDefined();
  const response = operation!.responses[String(answer.status)];
  expect(
    response,
    `${method} ${docPath} documents ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
  ).toBeDefined();
  const schema = response!.content?.["application/json"]?.schema as { $ref: string } | undefined;
  if (!schema) {
    expect(answer.body, `${method} ${docPath} ${answer.status} has no body`).toBeNull();
    return;
  }
  const validate = ajv.getSchema(`${DOC_ID}${schema.$ref}`) ?? ajv.compile({ $ref: `${DOC_ID}${schema.$ref}` });
  const ok = validate(answer.body);
  expect(
    ok,
    `${method} ${docPath} ${answer.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(answer.body).slice(0, 500)}`,
  ).toBe(true);
}

function requestSchemaAccepts(docPath: string, method: string, body: unknown): boolean {
  const schema = doc.paths[docPath]![method]!.requestBody!.content["application/json"]!.schema as { $ref: string };
  return ajv.compile({ $ref: `${DOC_ID}${schema.$ref}` })(body);
}

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1 with bearer security, and lists exactly the route handlers under app/api/v1", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.stringify(doc)).toContain('"scheme":"bearer"');
    const files = routeFiles(path.join(process.cwd(), "app/api/v1")).filter((f) => !f.includes("[..."));
    const fromFiles = files.map((f) => f.replace(/\[(\w+)\]/g, "{$1}")).sort();
    expect(fromFiles).toEqual(Object.keys(modules).sort());
    expect(Object.keys(doc.paths).sort()).toEqual(fromFiles);
    for (const [docPath, module] of Object.entries(modules)) {
      const exported = METHODS.filter((m) => typeof module[m] === "function").map((m) => m.toLowerCase());
      expect(Object.keys(doc.paths[docPath]!).sort(), docPath).toEqual(exported.sort());
    }
  });

  test("every component and every error response has the shape it claims", () => {
    for (const [id, schema] of Object.entries(doc.components.schemas)) {
      expect(() => ajv.compile({ $ref: `${DOC_ID}#/components/schemas/${id}` }), id).not.toThrow();
      expect(schema).not.toHaveProperty("$schema");
    }
    for (const [docPath, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400)
            expect(response.content?.["application/json"]?.schema, `${method} ${docPath} ${status}`).toEqual({
              $ref: "#/components/schemas/Error",
            });
        }
      }
    }
  });
});

describe("every endpoint answers what the document says", () => {
  let orgA: OrgFixture;
  let orgB: OrgFixture;
  let write: string;
  let read: string;

  beforeAll(async () => {
    ({ orgA, orgB } = await createTenants());
    write = (await apiToken(orgA.ctx.owner, "write")).secret;
    read = (await apiToken(orgA.ctx.owner, "read")).secret;
  });

  test("successes and errors of each operation", async () => {
    const check = async (docPath: string, method: string, handler: unknown, options: Parameters<typeof call>[1]) => {
      const answer = await call(handler as RouteHandler, { method, ...options });
      expectContract(docPath, method, answer);
      if (options.body !== undefined && answer.status < 300)
        expect(requestSchemaAccepts(docPath, method.toLowerCase(), options.body)).toBe(true);
      return answer;
    };
    const theirStream = await createTestStream(orgB.ctx.owner);

    // Teams
    await check("/teams", "GET", teams.GET, { token: read });
    await check("/teams", "POST", teams.POST, { token: write, body: { name: "Quality" } });
    await check("/teams", "POST", teams.POST, { token: write, body: { name: "Quality" } }); // 409
    await check("/teams", "POST", teams.POST, { token: read, body: { name: "Other" } }); // 403
    await check("/teams", "GET", teams.GET, { token: null }); // 401
    await check("/teams", "POST", teams.POST, { token: write, raw: "{" }); // 400

    // Streams
    const body = {
      name: "Bikes",
      kind: "production",
      demandAmount: 10,
      stages: [
        { name: "Cut", resources: [{ kind: "machine", name: "Saw", quantity: 0, rate: 5 }] },
        {
          name: "Weld",
          wip: 3,
          processTime: 0.5,
          pctCA: 0.8,
          teamId: orgA.teams.production.id,
          resources: [{ kind: "people", name: "Welders", quantity: 2, rate: 10, availability: 0.5 }],
        },
      ],
    };
    const created = await check("/streams", "POST", streams.POST, { token: write, body });
    const streamId = (created.body as { id: string }).id;
    await check("/streams", "POST", streams.POST, { token: write, body: { template: "production" } });
    await check("/streams", "POST", streams.POST, { token: write, body: { ...body, kind: "factory" } }); // 422
    await check("/streams", "GET", streams.GET, { token: read });
    await check("/streams", "GET", streams.GET, { token: read, query: { archived: "maybe" } }); // 422
    await check("/streams/{id}", "GET", stream.GET, { token: read, params: { id: streamId } });
    await check("/streams/{id}", "GET", stream.GET, { token: read, params: { id: theirStream.id } }); // 404
    await check("/streams/{id}", "PATCH", stream.PATCH, {
      token: write,
      params: { id: streamId },
      body: { demandAmount: null, stages: [] },
    });
    await check("/streams/{id}", "PATCH", stream.PATCH, {
      token: write,
      params: { id: streamId },
      body: { demandAmount: "lots" },
    }); // 422

    // KPIs
    const kpiBody = {
      streamId,
      key: "BIK-1",
      name: "Bikes shipped",
      kind: "output",
      direction: "increase",
      baseline: 5,
      target: 10,
      cadence: "week",
    };
    const kpiAnswer = await check("/kpis", "POST", kpis.POST, { token: write, body: kpiBody });
    const kpiId = (kpiAnswer.body as { id: string }).id;
    await check("/kpis", "POST", kpis.POST, { token: write, body: kpiBody }); // 409
    await check("/kpis", "POST", kpis.POST, {
      token: write,
      body: { ...kpiBody, streamId: theirStream.id, key: "BIK-2" },
    }); // 404
    await check("/kpis", "GET", kpis.GET, { token: read, query: { stream: streamId, kind: "output" } });
    await check("/kpis", "GET", kpis.GET, { token: read, query: { team: orgB.teams.production.id } }); // 404
    await check("/kpis/{id}", "GET", kpi.GET, { token: read, params: { id: "bik-1" } });
    await check("/kpis/{id}", "PATCH", kpi.PATCH, {
      token: write,
      params: { id: kpiId },
      body: { weight: 2, description: "Out of the door" },
    });
    await check("/kpis/{id}", "PATCH", kpi.PATCH, { token: write, params: { id: kpiId }, body: { weight: 0 } }); // 422

    // Measurements
    const items = [
      { kpiId: "BIK-1", date: "2026-03-02", value: 6 },
      { kpiId, date: "2026-03-09", value: 8, note: "Good week" },
    ];
    await check("/measurements", "POST", measurements.POST, {
      token: write,
      body: { measurements: items },
      headers: { "idempotency-key": "contract-1" },
    });
    await check("/measurements", "POST", measurements.POST, {
      token: write,
      body: { measurements: items },
      headers: { "idempotency-key": "contract-1" },
    }); // replay
    await check("/measurements", "POST", measurements.POST, {
      token: write,
      body: { measurements: [{ ...items[0], kpiId: "NOPE-9" }] },
    }); // 422 per item
    await check("/measurements", "POST", measurements.POST, { token: write, raw: "x".repeat(11 * 1024 * 1024) }); // 413
    await check("/kpis/{id}/measurements", "GET", kpiMeasurements.GET, {
      token: read,
      params: { id: kpiId },
      query: { from: "2026-03-01" },
    });
    await check("/kpis/{id}/measurements", "GET", kpiMeasurements.GET, {
      token: read,
      params: { id: kpiId },
      query: { from: "2026-13-01" },
    }); // 422

    // Scores
    await check("/scores", "GET", scores.GET, { token: read, query: { asOf: "2026-03-31" } });
    await check("/scores", "GET", scores.GET, { token: read, query: { stream: streamId, asOf: "2026-03-31" } });
    await check("/scores", "GET", scores.GET, { token: read, query: { team: orgA.teams.production.id } });
    await check("/scores", "GET", scores.GET, { token: read, query: { stream: theirStream.id } }); // 404

    // Deletes last.
    await check("/kpis/{id}", "DELETE", kpi.DELETE, { token: write, params: { id: kpiId } });
    await check("/kpis/{id}", "DELETE", kpi.DELETE, { token: write, params: { id: kpiId } }); // 404
    await check("/streams/{id}", "DELETE", stream.DELETE, { token: write, params: { id: streamId } });

    // 401 for a revoked token, in the same shape.
    const doomed = await apiToken(orgA.ctx.owner, "read");
    await revokeToken(orgA.ctx.owner, { tokenId: doomed.id });
    await check("/scores", "GET", scores.GET, { token: doomed.secret });
  });
});
