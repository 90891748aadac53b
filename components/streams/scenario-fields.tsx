import { NumberField } from "@/components/ui/form";
import { conversionToEntry, percentInput, unitForms, type StreamInput } from "@/lib/capacity";
import { ConversionFields } from "./conversion-fields";

/** The draft's figures as form fields named after the setup (see draftFromForm). */
export function ScenarioFields({ setup, unit, period }: { setup: StreamInput; unit: string; period: string }) {
  const { other } = unitForms(unit);
  return (
    <div className="space-y-4">
      <NumberField
        name="demand"
        label={`Demand (${other} a ${period})`}
        min={0}
        defaultValue={setup.demand ?? undefined}
      />
      {setup.stages.map((s, i) => {
        const own = s.unit ?? other;
        return (
          <fieldset key={s.id} className="space-y-2 rounded-md border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">{s.name}</legend>
            <ConversionFields
              name={`stages.${i}.`}
              label={s.name}
              stageUnit={own}
              streamUnit={unit}
              entry={conversionToEntry(s.conversion ?? 1)}
            />
            {s.resources.map((r, j) => (
              <div key={r.id ?? j} className="grid grid-cols-3 gap-2">
                <NumberField
                  name={`stages.${i}.resources.${j}.quantity`}
                  label={`${r.name}: quantity`}
                  min={0}
                  defaultValue={r.quantity}
                />
                <NumberField
                  name={`stages.${i}.resources.${j}.rate`}
                  label={`${r.name}: rate`}
                  min={0}
                  defaultValue={r.rate}
                  hint={`${unitForms(own).other} a ${period} each`}
                />
                <NumberField
                  name={`stages.${i}.resources.${j}.availability`}
                  label={`${r.name}: availability %`}
                  min={0}
                  max={100}
                  defaultValue={percentInput(r.availability)}
                />
              </div>
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}
