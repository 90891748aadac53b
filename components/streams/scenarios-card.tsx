import { Disclosure } from "@/components/ui/disclosure";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { ActionForm, Field, SubmitButton } from "@/components/ui/form";
import { createScenarioAction } from "@/app/o/[org]/streams/[streamId]/scenarios/actions";

/** The stream's drafts and "Plan a change", which copies today's setup into a new named draft. */
export function ScenariosCard({
  org,
  streamId,
  scenarios,
  editable,
}: {
  org: string;
  streamId: string;
  scenarios: { id: string; name: string }[];
  editable: boolean;
}) {
  return (
    <Card
      title="Scenarios"
      description="Try a change on a draft copy of the setup and compare it with today; drafts never change scores."
    >
      {scenarios.length === 0 ? (
        <p className="text-sm text-slate-600">No drafts.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Drafts">
          {scenarios.map((s) => (
            <li key={s.id} className="py-2 text-sm">
              <Link href={`/o/${org}/streams/${streamId}/scenarios/${s.id}`} className="font-medium hover:underline">
                {s.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <Disclosure summary="Plan a change" className="mt-3">
          <ActionForm action={createScenarioAction} org={org} hidden={{ streamId }} className="mt-2 space-y-3">
            <Field name="name" label="Scenario name" placeholder="One more content writer" required />
            <SubmitButton pendingLabel="Copying…">Create draft</SubmitButton>
          </ActionForm>
        </Disclosure>
      )}
    </Card>
  );
}
