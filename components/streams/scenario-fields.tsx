import { Field, SelectField } from "@/components/ui/form";
import { conversionToEntry, unitForms, type StreamInput } from "@/lib/capacity";

const pct = (share: number) => Math.round(share * 1000) / 10;

/** The draft's figures as form fields named after the setup (see draftFromForm). */
export function ScenarioFields({ setup, unit, period }: { setup: StreamInput; unit: string; period: string }) {
  const { one, other } = unitForms(unit);
  return (
    <div className="space-y-4">
      <Field
        name="demand"
        label={`Demand (${other} a ${period})`}
        type="number"
        step="any"
        min={0}
        defaultValue={setup.demand ?? undefined}
      />
      {setup.stages.map((s, i) => {
        const entry = conversionToEntry(s.conversion ?? 1);
        const own = s.unit ?? other;
        return (
          <fieldset key={s.id} className="space-y-2 rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">{s.name}</legend>
            <div className="grid grid-cols-2 gap-2">
              <SelectField
                name={`stages.${i}.conversionMode`}
                label={`${s.name}: conversion`}
                defaultValue={entry.mode}
                options={[
                  { value: "brings", label: `1 ${unitForms(own).one} brings … ${other}` },
                  { value: "needs", label: `each ${one} needs … ${unitForms(own).other}` },
                ]}
              />
              <Field
                name={`stages.${i}.conversionAmount`}
                label={`${s.name}: amount`}
                type="number"
                step="any"
                min={0}
                defaultValue={entry.amount}
              />
            </div>
            {s.resources.map((r, j) => (
              <div key={r.id ?? j} className="grid grid-cols-3 gap-2">
                <Field
                  name={`stages.${i}.resources.${j}.quantity`}
                  label={`${r.name}: quantity`}
                  type="number"
                  step="any"
                  min={0}
                  defaultValue={r.quantity}
                />
                <Field
                  name={`stages.${i}.resources.${j}.rate`}
                  label={`${r.name}: rate`}
                  type="number"
                  step="any"
                  min={0}
                  defaultValue={r.rate}
                  hint={`${unitForms(own).other} a ${period} each`}
                />
                <Field
                  name={`stages.${i}.resources.${j}.availability`}
                  label={`${r.name}: availability %`}
                  type="number"
                  step="any"
                  min={0}
                  max={100}
                  defaultValue={pct(r.availability)}
                />
              </div>
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}
