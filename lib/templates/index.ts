import type { streamKinds } from "@/db/schema/streams";
import { delivery } from "./delivery";
import { marketing } from "./marketing";
import { production } from "./production";
import { retention } from "./retention";
import { sales } from "./sales";
import type { StreamTemplate } from "./types";

export type { StreamTemplate } from "./types";

/** Ready-made streams by kind; kinds without a template start blank. */
export const streamTemplates: Partial<Record<(typeof streamKinds)[number], StreamTemplate>> = {
  production,
  delivery,
  marketing,
  sales,
  retention,
};
