import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { Logo } from "@/components/shell/logo";
import { Table } from "@/components/ui/table";
import { openApiDocument } from "@/lib/api/endpoints";

export const metadata = { title: "REST API reference · Flowline" };
// Rendered per request: the limits it states come from the running server's configuration.
export const dynamic = "force-dynamic";

/**
 * The REST API reference, rendered on the server from the OpenAPI document the API serves at
 * /api/v1/openapi.json: no client JavaScript, no external assets.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  additionalProperties?: boolean | Schema;
};
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type Response = {
  description: string;
  content?: Record<string, { schema: Schema }>;
  headers?: Record<string, { description: string }>;
};
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security?: unknown[];
  "x-token-scope"?: "read" | "write";
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
};
type Doc = {
  info: { title: string; version: string; description: string };
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const refName = (ref: string) => ref.split("/").at(-1)!;
const anchor = (name: string) => `schema-${name}`;

/** The doc's prose: paragraphs with **bold** and `code`. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\n+/).map((paragraph, i) => (
        <p key={i} className="mt-2 text-sm leading-6 text-slate-700">
          {paragraph.split(/(\*\*[^*]+\*\*|`[^`]+`)/g).map((part, j) =>
            part.startsWith("**") ? (
              <strong key={j} className="font-semibold text-slate-900">
                {part.slice(2, -2)}
              </strong>
            ) : part.startsWith("`") ? (
              <code key={j} className="rounded bg-slate-100 px-1 font-mono text-xs">
                {part.slice(1, -1)}
              </code>
            ) : (
              <Fragment key={j}>{part}</Fragment>
            ),
          )}
        </p>
      ))}
    </>
  );
}

function TypeLabel({ schema }: { schema: Schema }): ReactNode {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a href={`#${anchor(name)}`} className="font-mono text-brand-700 underline">
        {name}
      </a>
    );
  }
  if (schema.anyOf) {
    return schema.anyOf.map((s, i) => (
      <Fragment key={i}>
        {i > 0 && " | "}
        <TypeLabel schema={s} />
      </Fragment>
    ));
  }
  if (schema.enum) return <span className="font-mono">{schema.enum.map((v) => JSON.stringify(v)).join(" | ")}</span>;
  if (schema.type === "array" && schema.items) {
    return (
      <>
        <TypeLabel schema={schema.items} />
        <span className="font-mono">[]</span>
      </>
    );
  }
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return <span className="font-mono">{schema.format ? `${type} (${schema.format})` : type}</span>;
}

function constraints(schema: Schema): string[] {
  const out: string[] = [];
  const inner = schema.anyOf?.find((s) => s.type !== "null") ?? schema;
  if (inner.minimum !== undefined) out.push(`≥ ${inner.minimum}`);
  if (inner.exclusiveMinimum !== undefined) out.push(`> ${inner.exclusiveMinimum}`);
  if (inner.maximum !== undefined) out.push(`≤ ${inner.maximum}`);
  if (inner.minLength !== undefined && inner.minLength > 0) out.push(`at least ${inner.minLength} characters`);
  if (inner.maxLength !== undefined) out.push(`at most ${inner.maxLength} characters`);
  if (inner.minItems !== undefined && inner.minItems > 0) out.push(`at least ${inner.minItems} items`);
  if (inner.maxItems !== undefined) out.push(`at most ${inner.maxItems.toLocaleString("en")} items`);
  if (inner.pattern && inner.format !== "uuid" && inner.format !== "date" && inner.format !== "date-time")
    out.push(`matches ${inner.pattern}`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

function Fields({ schema }: { schema: Schema }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return <p className="text-sm text-slate-500">No fields.</p>;
  return (
    <Table columns={["Field", "Type", "Notes"]} minWidth="36rem" bleed="inline" density="compact">
      {properties.map(([name, property]) => (
        <tr key={name} className="align-top">
          <td className="py-1.5 pr-4 font-mono text-xs text-slate-900">
            {name}
            {schema.required?.includes(name) ? (
              <span className="ml-1 text-red-700" title="required">
                *
              </span>
            ) : null}
          </td>
          <td className="py-1.5 pr-4 text-xs">
            <TypeLabel schema={property} />
          </td>
          <td className="py-1.5 text-xs text-slate-600">
            {[property.description, ...constraints(property)].filter(Boolean).join(" · ")}
            {property.properties && (
              <div className="mt-2 border-l-2 border-slate-100 pl-3">
                <Fields schema={property} />
              </div>
            )}
            {property.type === "array" && property.items?.properties && (
              <div className="mt-2 border-l-2 border-slate-100 pl-3">
                <Fields schema={property.items} />
              </div>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

const methodTone: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  patch: "bg-amber-100 text-amber-900",
  delete: "bg-red-100 text-red-800",
};

function OperationCard({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <section id={op.operationId} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h3 className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${methodTone[method] ?? ""}`}>
          {method}
        </span>
        <code className="font-mono text-sm font-semibold text-slate-900">/api/v1{path}</code>
        <span className="text-sm text-slate-600">— {op.summary}</span>
      </h3>
      <p className="mt-1 text-xs text-slate-500">
        {op.security?.length === 0
          ? "No token needed."
          : op["x-token-scope"] === "write"
            ? "Needs a write token."
            : "Any token (read or write)."}
      </p>
      {op.description && <Prose text={op.description} />}
      {op.parameters && op.parameters.length > 0 && (
        <div className="mt-4">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Parameters</h4>
          <ul className="mt-1 space-y-1 text-sm">
            {op.parameters.map((p) => (
              <li key={`${p.in}-${p.name}`}>
                <code className="font-mono text-xs text-slate-900">{p.name}</code>{" "}
                <span className="text-xs text-slate-500">
                  ({p.in}
                  {p.required ? ", required" : ""}, <TypeLabel schema={p.schema} />)
                </span>{" "}
                <span className="text-xs text-slate-600">{p.description}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {body && (
        <div className="mt-4">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            Request body (JSON): <TypeLabel schema={body} />
          </h4>
        </div>
      )}
      <div className="mt-4">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Responses</h4>
        <ul className="mt-1 space-y-1 text-sm">
          {Object.entries(op.responses).map(([status, response]) => {
            const schema = response.content?.["application/json"]?.schema;
            return (
              <li key={status} className="flex gap-2">
                <code
                  className={`font-mono text-xs font-semibold ${Number(status) < 300 ? "text-emerald-700" : "text-slate-700"}`}
                >
                  {status}
                </code>
                <span className="text-xs text-slate-600">
                  {response.description}
                  {schema && (
                    <>
                      {" "}
                      → <TypeLabel schema={schema} />
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

export default function ApiDocsPage() {
  const doc = openApiDocument() as unknown as Doc;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <header className="mb-8 flex flex-wrap items-center justify-between gap-4">
        <Link href="/" aria-label="Flowline home">
          <Logo />
        </Link>
        <a href="/api/v1/openapi.json" className="text-sm font-medium text-brand-700 underline">
          OpenAPI 3.1 document (JSON)
        </a>
      </header>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{doc.info.title}</h1>
      <p className="text-xs text-slate-500">Version {doc.info.version} · base URL /api/v1</p>
      <Prose text={doc.info.description} />
      <nav aria-label="Endpoints" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <ul className="grid gap-1 sm:grid-cols-2">
          {operations.map(({ path, method, op }) => (
            <li key={op.operationId}>
              <a href={`#${op.operationId}`} className="hover:underline">
                <span className="inline-block w-14 font-mono text-xs font-semibold uppercase text-slate-500">
                  {method}
                </span>
                <code className="font-mono text-xs">{path}</code>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {doc.tags.map((tag) => {
        const ofTag = operations.filter((o) => o.op.tags.includes(tag.name));
        if (ofTag.length === 0) return null;
        return (
          <section key={tag.name} className="mt-10">
            <h2 className="text-lg font-semibold text-slate-900">{tag.name}</h2>
            {tag.description && <p className="text-sm text-slate-600">{tag.description}</p>}
            <div className="mt-3 grid gap-4">
              {ofTag.map(({ path, method, op }) => (
                <OperationCard key={op.operationId} path={path} method={method} op={op} />
              ))}
            </div>
          </section>
        );
      })}
      <section className="mt-12">
        <h2 className="text-lg font-semibold text-slate-900">Schemas</h2>
        <p className="text-sm text-slate-600">
          Fields marked <span className="text-red-700">*</span> are required. Request objects are strict: an unknown
          field is a 422.
        </p>
        <div className="mt-3 grid gap-4">
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <section
              key={name}
              id={anchor(name)}
              className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
              {schema.description && <Prose text={schema.description} />}
              <div className="mt-3">
                <Fields schema={schema} />
              </div>
            </section>
          ))}
        </div>
      </section>
    </div>
  );
}
