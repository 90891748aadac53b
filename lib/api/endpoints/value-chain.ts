import "server-only";
import { todayIso } from "@/lib/clock";
import { createStreamLink, deleteStreamLink, getValueChain, listStreamLinks } from "@/lib/data/value-chain";
import { apiEmptyQuery, apiValueChainQuery } from "@/lib/validations/api";
import { apiStreamLinkSchema } from "@/lib/validations/stream-link";
import { endpoint, pathId, type PathParam } from "../endpoint";
import { streamLinkListSchema, streamLinkSchema, valueChainSchema } from "../schemas";
import { streamLinkJson, valueChainJson } from "../serialise";

const linkParam: PathParam<string> = {
  description: "The link's id.",
  parse: (value) => pathId(value, "That stream link"),
};

export const valueChainEndpoints = [
  endpoint({
    method: "GET",
    path: "/stream-links",
    operationId: "listStreamLinks",
    tag: "Value chain",
    summary: "List the stream links",
    scope: "read",
    query: apiEmptyQuery,
    response: { status: 200, description: "Every link, oldest first.", schema: streamLinkListSchema },
    handler: async ({ ctx }) => ({ data: (await listStreamLinks(ctx)).map(streamLinkJson) }),
  }),
  endpoint({
    method: "POST",
    path: "/stream-links",
    operationId: "createStreamLink",
    tag: "Value chain",
    summary: "Link two streams",
    description:
      "`from`'s output feeds `to`'s input; one unit of `from`'s output ends up as `conversion` units of `to`'s. Both streams must be active streams of the token's organisation (another organisation's ids answer 404); the token's creator must be able to edit one of them. A link to itself or one that closes a loop is a 422.",
    scope: "write",
    body: apiStreamLinkSchema,
    response: {
      status: 201,
      description: "The new link.",
      schema: streamLinkSchema,
      location: (link) => `/api/v1/stream-links/${link.id}`,
    },
    errors: { 404: "A stream is none of the organisation's.", 409: "The two streams are linked already." },
    handler: async ({ ctx, body }) => streamLinkJson(await createStreamLink(ctx, body)),
  }),
  endpoint({
    method: "DELETE",
    path: "/stream-links/{id}",
    operationId: "deleteStreamLink",
    tag: "Value chain",
    summary: "Remove a stream link",
    scope: "write",
    params: { id: linkParam },
    response: { status: 204, description: "Removed." },
    errors: { 404: "No such link in the token's organisation." },
    handler: async ({ ctx, params }) => {
      await deleteStreamLink(ctx, params.id);
    },
  }),
  endpoint({
    method: "GET",
    path: "/value-chain",
    operationId: "getValueChain",
    tag: "Value chain",
    summary: "The value chain",
    description:
      "Every active stream with its required demand, chain utilisation and chain pace (all per month), the links' flows, the constraint and the demands that miss the chain's requirement: the figures of the organisation overview.",
    scope: "read",
    query: apiValueChainQuery,
    response: { status: 200, description: "The value chain.", schema: valueChainSchema },
    handler: async ({ ctx, query }) => {
      const asOf = query.asOf ?? todayIso();
      return valueChainJson(await getValueChain(ctx, asOf), asOf);
    },
  }),
];
