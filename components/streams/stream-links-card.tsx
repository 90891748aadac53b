import { Card } from "@/components/ui/card";
import { Disclosure } from "@/components/ui/disclosure";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ActionForm, NumberField, SelectField, SubmitButton } from "@/components/ui/form";
import { describeLinkConversion, unitForms } from "@/lib/capacity";
import type { getStreamLinks } from "@/lib/data/value-chain";
import { createStreamLinkAction, deleteStreamLinkAction } from "@/app/o/[org]/streams/actions";

type Links = Awaited<ReturnType<typeof getStreamLinks>>;
type Link = Links["feeds"][number];

const unitOf = (unit: string | null) => unit ?? "units";

function LinkRow({ org, link, sentence, editable }: { org: string; link: Link; sentence: string; editable: boolean }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
      <span>{sentence}</span>
      {editable && (
        <ConfirmAction
          action={deleteStreamLinkAction}
          org={org}
          hidden={{ linkId: link.id }}
          trigger="Unlink"
          title={`Unlink ${link.other.name}?`}
          confirmLabel="Unlink"
        >
          The value chain no longer counts this link; both streams stay as they are.
        </ConfirmAction>
      )}
    </li>
  );
}

/** Which streams this one feeds and is fed by, with the conversions, and a form to link another. */
export function StreamLinksCard({
  org,
  stream,
  links,
  editable,
}: {
  org: string;
  stream: { id: string; name: string; demandUnit: string | null };
  links: Links;
  editable: boolean;
}) {
  const own = unitOf(stream.demandUnit);
  const none = links.feeds.length === 0 && links.fedBy.length === 0;
  return (
    <Card
      title="Value chain links"
      description="Which streams this one's output feeds, and which feed its input. The overview shows the whole chain."
    >
      {none ? (
        <p className="text-sm text-slate-600">Not linked: this stream stands apart in the value chain.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Links">
          {links.feeds.map((l) => (
            <LinkRow
              key={l.id}
              org={org}
              link={l}
              editable={editable}
              sentence={`Feeds ${l.other.name}: ${describeLinkConversion(l.conversion, own, unitOf(l.other.unit))}.`}
            />
          ))}
          {links.fedBy.map((l) => (
            <LinkRow
              key={l.id}
              org={org}
              link={l}
              editable={editable}
              sentence={`Fed by ${l.other.name}: ${describeLinkConversion(l.conversion, unitOf(l.other.unit), own)}.`}
            />
          ))}
        </ul>
      )}
      {editable && links.candidates.length > 0 && (
        <Disclosure summary="Link another stream" className="mt-3">
          <ActionForm
            action={createStreamLinkAction}
            org={org}
            hidden={{ streamId: stream.id }}
            className="mt-2 space-y-3"
          >
            <div className="grid gap-2 sm:grid-cols-2">
              <SelectField
                name="direction"
                label="This stream"
                defaultValue="feeds"
                options={[
                  { value: "feeds", label: `feeds (its ${unitForms(own).other} go to) this stream:` },
                  { value: "fed_by", label: "is fed by this stream:" },
                ]}
              />
              <SelectField
                name="otherStreamId"
                label="Stream"
                options={links.candidates.map((s) => ({ value: s.id, label: `${s.name} (${unitOf(s.unit)})` }))}
              />
              <SelectField
                name="conversionMode"
                label="Conversion"
                defaultValue="make"
                options={[
                  { value: "make", label: "… of the supplier's units make 1 of the other's" },
                  { value: "becomes", label: "1 of the supplier's units becomes … of the other's" },
                ]}
              />
              <NumberField name="conversionAmount" label="Amount" min={0} hint="e.g. 16 (16 leads make 1 customer)" />
            </div>
            <SubmitButton pendingLabel="Linking…">Link streams</SubmitButton>
          </ActionForm>
        </Disclosure>
      )}
    </Card>
  );
}
