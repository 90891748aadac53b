import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, test } from "vitest";
import * as kpiAnalysis from "@/app/api/v1/kpis/[id]/analysis/route";
import * as kpiMeasurements from "@/app/api/v1/kpis/[id]/measurements/route";
import * as kpiVersions from "@/app/api/v1/kpis/[id]/versions/route";
import * as kpi from "@/app/api/v1/kpis/[id]/route";
import * as kpis from "@/app/api/v1/kpis/route";
import * as measurements from "@/app/api/v1/measurements/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as scores from "@/app/api/v1/scores/route";
import * as stream from "@/app/api/v1/streams/[id]/route";
import * as streams from "@/app/api/v1/streams/route";
import * as scenarioApply from "@/app/api/v1/scenarios/[id]/apply/route";
import * as scenario from "@/app/api/v1/scenarios/[id]/route";
import * as streamScenarios from "@/app/api/v1/streams/[id]/scenarios/route";
import * as streamLink from "@/app/api/v1/stream-links/[id]/route";
import * as streamLinks from "@/app/api/v1/stream-links/route";
import * as teams from "@/app/api/v1/teams/route";
import * as valueChain from "@/app/api/v1/value-chain/route";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Endpoint } from "@/lib/api/endpoint";
import { endpoints, openApiDocument } from "@/lib/api/endpoints";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { handlerOf, ROUTE_METHODS } from "@/lib/api/routes";
import { revokeToken } from "@/lib/data/tokens";
import { apiError, apiToken, call, type ApiAnswer, type RouteHandler } from "../helpers/api";
import { createTenants, createTestStream, type OrgFixture } from "../helpers/fixtures";

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        summary: string;
        description?: string;
        tags: string[];
        security?: unknown[];
        "x-token-scope"?: string;
        parameters?: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
        responses: Record<
          string,
          { description: string; content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }
        >;
        requestBody?: { required: boolean; content: Record<string, { schema: unknown }> };
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
};

const modules: Record<string, Record<string, unknown>> = {
  "/teams": teams,
  "/streams": streams,
  "/streams/{id}": stream,
  "/streams/{id}/scenarios": streamScenarios,
  "/scenarios/{id}": scenario,
  "/scenarios/{id}/apply": scenarioApply,
  "/stream-links": streamLinks,
  "/stream-links/{id}": streamLink,
  "/value-chain": valueChain,
  "/kpis": kpis,
  "/kpis/{id}": kpi,
  "/kpis/{id}/measurements": kpiMeasurements,
  "/kpis/{id}/versions": kpiVersions,
  "/kpis/{id}/analysis": kpiAnalysis,
  "/measurements": measurements,
  "/scores": scores,
  "/openapi.json": openapi,
};
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const declared = (docPath: string, method: string): Endpoint | undefined =>
  endpoints.find((e) => e.path === docPath && e.method === method);

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
      // Every method is exported (the ones a path does not take answer a JSON 405, see below); the
      // documented ones are exactly those answered by their endpoint's handler.
      expect(Object.keys(module).sort(), docPath).toEqual([...ROUTE_METHODS, "OPTIONS"].sort());
      expect(METHODS.every((m) => typeof module[m] === "function")).toBe(true);
      const answered = METHODS.filter((m) => declared(docPath, m) && module[m] === handlerOf(declared(docPath, m)!));
      expect(Object.keys(doc.paths[docPath]!).sort(), docPath).toEqual(answered.map((m) => m.toLowerCase()).sort());
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

/** A zod schema as JSON Schema converted on its own (the document goes through the registry): its named parts as components. */
function standalone(schema: z.ZodType) {
  const json = JSON.parse(
    JSON.stringify(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })).replaceAll(
      '"#/$defs/',
      '"#/components/schemas/',
    ),
  ) as { $ref?: string; $defs?: Record<string, unknown>; properties?: Record<string, object>; required?: string[] };
  return json;
}

describe("each operation of the document is its endpoint's declaration", () => {
  test.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "%s: scope, parameters, body and answer",
    (_name, endpoint) => {
      const operation = doc.paths[endpoint.path]![endpoint.method.toLowerCase()]!;
      expect(operation).toMatchObject({
        operationId: endpoint.operationId,
        tags: [endpoint.tag],
        summary: endpoint.summary,
      });
      expect(operation.description).toBe(endpoint.description);

      // Scope: a token of that scope, or none at all.
      if (endpoint.scope === null) expect([operation.security, operation["x-token-scope"]]).toEqual([[], undefined]);
      else expect([operation.security, operation["x-token-scope"]]).toEqual([undefined, endpoint.scope]);

      // Path parameters: the path's {names}, each declared and documented.
      const names = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      expect(Object.keys(endpoint.params ?? {})).toEqual(names);
      const parameters = operation.parameters ?? [];
      expect(parameters.filter((p) => p.in === "path")).toEqual(
        names.map((name) => ({
          name,
          in: "path",
          required: true,
          description: endpoint.params![name]!.description,
          schema: { type: "string" },
        })),
      );

      // Query: one parameter per property of the declared query schema.
      const query = endpoint.query ? standalone(endpoint.query) : {};
      expect(parameters.filter((p) => p.in === "query")).toEqual(
        Object.entries(query.properties ?? {}).map(
          ([name, { description, ...schema }]: [string, { description?: string }]) => ({
            name,
            in: "query",
            required: query.required?.includes(name) ?? false,
            description,
            schema,
          }),
        ),
      );

      // Body: the declared schema's component, and the components it refers to.
      if (endpoint.body) {
        const body = standalone(endpoint.body);
        expect(operation.requestBody).toEqual({
          required: true,
          content: { "application/json": { schema: { $ref: body.$ref } } },
        });
        for (const [id, schema] of Object.entries(body.$defs ?? {}))
          expect(doc.components.schemas[id], id).toEqual(schema);
      } else expect(operation.requestBody).toBeUndefined();

      // Answer: one success, with the declared status, description and schema.
      const successes = Object.keys(operation.responses).filter((status) => Number(status) < 300);
      expect(successes).toEqual([String(endpoint.response.status)]);
      const success = operation.responses[successes[0]!]!;
      expect(success.description).toBe(endpoint.response.description);
      if (endpoint.response.schema) {
        const answer = standalone(endpoint.response.schema);
        expect(success.content).toEqual({ "application/json": { schema: { $ref: answer.$ref } } });
        for (const [id, schema] of Object.entries(answer.$defs ?? {}))
          expect(doc.components.schemas[id], id).toEqual(schema);
      } else expect(success.content).toBeUndefined();

      // The 404 and 409 it declares, said as declared; no 409 it doesn't declare.
      if (endpoint.errors?.[404]) expect(operation.responses["404"]?.description).toBe(endpoint.errors[404]);
      expect(operation.responses["409"]?.description).toBe(endpoint.errors?.[409]);
    },
  );

  test("the document's component schemas are exactly those the operations reach", () => {
    const reached = new Set(["Error"]);
    for (const endpoint of endpoints)
      for (const schema of [endpoint.body, endpoint.response.schema])
        if (schema) for (const id of Object.keys(standalone(schema).$defs ?? {})) reached.add(id);
    expect(Object.keys(doc.components.schemas).sort()).toEqual([...reached].sort());
  });
});

// Issues 10 and 11 added fields, parameters and paths (validFrom, knownAt, stage units, the value
// chain): the document saved before issue 9 is no longer byte-identical. What still holds is that
// nothing it had was taken away: every path, operation and component schema is still there.
describe("the document keeps everything it had before issue 9", () => {
  test("every path, operation and component schema saved before is still there (405s aside)", () => {
    const before = JSON.parse(
      readFileSync(path.join(process.cwd(), "tests/fixtures/openapi-before-issue-9.json"), "utf8"),
    ) as Doc;
    // The saved document was built with the default rate limit, which the 429 descriptions state.
    const limit = process.env.FLOWLINE_API_RATE_LIMIT;
    delete process.env.FLOWLINE_API_RATE_LIMIT;
    const now = JSON.parse(JSON.stringify(buildOpenApiDocument(endpoints))) as Doc;
    if (limit !== undefined) process.env.FLOWLINE_API_RATE_LIMIT = limit;

    let taken = 0;
    for (const operations of Object.values(now.paths))
      for (const operation of Object.values(operations)) {
        expect(operation.responses["405"]).toMatchObject({
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        });
        delete operation.responses["405"];
        taken += 1;
      }
    // Every operation answers a JSON 405 for the methods it lacks: the 17 saved before, and the new ones.
    expect(taken).toBeGreaterThan(17);
    for (const [docPath, operations] of Object.entries(before.paths))
      expect(Object.keys(now.paths[docPath] ?? {}).sort(), docPath).toEqual(Object.keys(operations).sort());
    expect(Object.keys(now.components.schemas)).toEqual(expect.arrayContaining(Object.keys(before.components.schemas)));
  });
});

describe("a method a path does not take", () => {
  // Hand-written: the methods each path takes, as its Allow header says them.
  test.each([
    ["/teams", "GET, HEAD, OPTIONS, POST"],
    ["/streams", "GET, HEAD, OPTIONS, POST"],
    ["/streams/{id}", "DELETE, GET, HEAD, OPTIONS, PATCH"],
    ["/streams/{id}/scenarios", "GET, HEAD, OPTIONS, POST"],
    ["/scenarios/{id}", "DELETE, GET, HEAD, OPTIONS, PATCH"],
    ["/scenarios/{id}/apply", "OPTIONS, POST"],
    ["/stream-links", "GET, HEAD, OPTIONS, POST"],
    ["/stream-links/{id}", "DELETE, OPTIONS"],
    ["/value-chain", "GET, HEAD, OPTIONS"],
    ["/kpis", "GET, HEAD, OPTIONS, POST"],
    ["/kpis/{id}", "DELETE, GET, HEAD, OPTIONS, PATCH"],
    ["/kpis/{id}/measurements", "GET, HEAD, OPTIONS"],
    ["/kpis/{id}/versions", "GET, HEAD, OPTIONS"],
    ["/kpis/{id}/analysis", "GET, HEAD, OPTIONS"],
    ["/measurements", "OPTIONS, POST"],
    ["/scores", "GET, HEAD, OPTIONS"],
    ["/openapi.json", "GET, HEAD, OPTIONS"],
  ])(
    "%s answers a JSON 405 with Allow: %s, as its operations document; OPTIONS says the same",
    async (docPath, allow) => {
      const route = modules[docPath]!;
      const refused = METHODS.filter((m) => !allow.split(", ").includes(m));
      expect(refused.length).toBeGreaterThan(0);
      for (const method of refused) {
        const answer = await call(route[method] as RouteHandler, {
          token: null,
          method,
          path: docPath,
          raw: method === "GET" ? undefined : "{}",
        });
        expect(answer.status, method).toBe(405);
        expect(answer.headers.get("allow")).toBe(allow);
        expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
        expect(apiError(answer)).toMatchObject({ code: "method_not_allowed", details: null });
        const validate = ajv.getSchema(`${DOC_ID}#/components/schemas/Error`)!;
        expect(validate(answer.body)).toBe(true);
      }
      for (const operation of Object.values(doc.paths[docPath]!)) {
        expect(operation.responses["405"]?.content?.["application/json"]?.schema).toEqual({
          $ref: "#/components/schemas/Error",
        });
        expect(operation.responses["405"]?.headers).toHaveProperty("Allow");
      }
      const options = await (route.OPTIONS as RouteHandler)(
        new Request(`http://flowline.test/api/v1${docPath}`, { method: "OPTIONS" }),
        {
          params: Promise.resolve({}),
        },
      );
      expect([options.status, options.headers.get("allow")]).toEqual([204, allow]);
    },
  );
});

describe("the scope each endpoint declares is the one it enforces", () => {
  let read: string;
  beforeAll(async () => {
    const { orgA } = await createTenants();
    read = (await apiToken(orgA.ctx.owner, "read")).secret;
  });

  test("a read token: refused (403) by every write endpoint, let through by every read one; the document needs none", async () => {
    for (const endpoint of endpoints) {
      // No such stream or KPI: a read endpoint answers 404, a write endpoint refuses before it looks.
      const params = Object.fromEntries(names(endpoint).map((name) => [name, "00000000-0000-4000-8000-000000000000"]));
      const answer = await call(modules[endpoint.path]![endpoint.method] as RouteHandler, {
        token: endpoint.scope === null ? null : read,
        method: endpoint.method,
        path: endpoint.path,
        params,
      });
      const label = `${endpoint.method} ${endpoint.path}: ${answer.status}`;
      // The document itself is the one answer without a schema.
      if (endpoint.scope !== null) expectContract(endpoint.path, endpoint.method, answer);
      if (endpoint.scope === "write") expect(apiError(answer).code, label).toBe("forbidden");
      else expect([200, 404], label).toContain(answer.status);
    }
  });
});

const names = (endpoint: Endpoint) => [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

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
    await check("/kpis/{id}/measurements", "GET", kpiMeasurements.GET, {
      token: read,
      params: { id: kpiId },
      query: { knownAt: "2026-03-10T12:00:00Z" },
    });
    await check("/kpis/{id}/measurements", "GET", kpiMeasurements.GET, {
      token: read,
      params: { id: kpiId },
      query: { history: "true" },
    });
    await check("/kpis/{id}/measurements", "GET", kpiMeasurements.GET, {
      token: read,
      params: { id: kpiId },
      query: { knownAt: "soon" },
    });
    await check("/kpis/{id}/analysis", "GET", kpiAnalysis.GET, {
      token: read,
      params: { id: kpiId },
      query: { asOf: "2026-03-31" },
    });
    await check("/kpis/{id}/analysis", "GET", kpiAnalysis.GET, {
      token: read,
      params: { id: kpiId },
      query: { knownAt: "yesterday" },
    }); // 422

    // Stream links and the value chain
    const sales = await check("/streams", "POST", streams.POST, { token: write, body: { template: "sales" } });
    const salesId = (sales.body as { id: string }).id;
    const link = await check("/stream-links", "POST", streamLinks.POST, {
      token: write,
      body: { from: streamId, to: salesId, conversion: 0.5 },
    });
    await check("/stream-links", "POST", streamLinks.POST, {
      token: write,
      body: { from: streamId, to: salesId, conversion: 0.5 },
    }); // 409
    await check("/stream-links", "POST", streamLinks.POST, {
      token: write,
      body: { from: salesId, to: streamId, conversion: 2 },
    }); // 422 a cycle
    await check("/stream-links", "POST", streamLinks.POST, {
      token: write,
      body: { from: streamId, to: theirStream.id, conversion: 2 },
    }); // 404
    await check("/stream-links", "GET", streamLinks.GET, { token: read });
    await check("/value-chain", "GET", valueChain.GET, { token: read });
    await check("/value-chain", "GET", valueChain.GET, { token: read, query: { asOf: "nope" } }); // 422
    const linkId = (link.body as { id: string }).id;
    await check("/stream-links/{id}", "DELETE", streamLink.DELETE, { token: write, params: { id: linkId } });
    await check("/stream-links/{id}", "DELETE", streamLink.DELETE, { token: write, params: { id: linkId } }); // 404

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
