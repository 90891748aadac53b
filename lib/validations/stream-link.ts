import { z } from "zod";
import { linkConversionFromEntry } from "@/lib/capacity/conversion";
import { choice, idSchema } from "./fields";
import { formField, required } from "./contract";
import { conversionRule } from "./stream";

/** A stream link A → B with k (DESIGN "Value chain"), as the API takes it. */
export const apiStreamLinkSchema = z
  .strictObject({
    from: idSchema.describe("The supplying stream (A): its output feeds the other's input."),
    to: idSchema.describe("The stream it feeds (B)."),
    conversion: conversionRule("Conversion").describe(
      "k: the units of B's output that one unit of A's output ends up as (16 leads per customer: 1/16). From 10⁻⁹ to 10⁹.",
    ),
  })
  .meta({ id: "StreamLinkInput", description: "A link: one stream's output feeds another's input." });

/**
 * The stream page's form: this stream feeds another (or another feeds it), with k entered as people
 * say it ("16 leads make 1 customer": `make`, k = 1/16; "1 order becomes 3 deliveries": `becomes`, k = 3).
 */
export const linkFormSchema = z
  .object({
    streamId: idSchema,
    otherStreamId: formField(required(idSchema)),
    direction: formField(required(choice(["feeds", "fed_by"], "Choose which way the link goes."))),
    conversionMode: formField(required(choice(["make", "becomes"], "Choose make or becomes."))),
    conversionAmount: formField(required(conversionRule("Amount"))),
  })
  .transform(({ streamId, otherStreamId, direction, conversionMode, conversionAmount }) => ({
    from: direction === "feeds" ? streamId : otherStreamId,
    to: direction === "feeds" ? otherStreamId : streamId,
    conversion: linkConversionFromEntry({ mode: conversionMode, amount: conversionAmount }),
  }));

export const linkIdSchema = z.object({ linkId: idSchema });
