import { NumberField, SelectField } from "@/components/ui/form";
import { unitForms, type ConversionEntry } from "@/lib/capacity";

/**
 * A stage's conversion f entered as people say it: "1 brief brings 60 leads" or "each order needs 3
 * parts". `name` prefixes the two fields (`${name}conversionMode`, `${name}conversionAmount`), `label` their
 * labels ("Plan: conversion"); without a stage unit yet (a new stage) the choices speak of "its units".
 */
export function ConversionFields({
  name = "",
  label,
  stageUnit,
  streamUnit,
  entry,
  hint,
}: {
  name?: string;
  label?: string;
  stageUnit?: string;
  streamUnit: string;
  entry?: ConversionEntry | null;
  hint?: string;
}) {
  const stream = unitForms(streamUnit);
  const stage = stageUnit ? unitForms(stageUnit) : { one: "of its units", other: "of its units" };
  return (
    <div className="grid grid-cols-2 gap-2">
      <SelectField
        name={`${name}conversionMode`}
        label={label ? `${label}: conversion` : "Conversion"}
        defaultValue={entry?.mode ?? "needs"}
        options={[
          { value: "brings", label: `1 ${stage.one} brings … ${stream.other}` },
          { value: "needs", label: `each ${stream.one} needs … ${stage.other}` },
        ]}
      />
      <NumberField
        name={`${name}conversionAmount`}
        label={label ? `${label}: amount` : "Amount"}
        min={0}
        defaultValue={entry?.amount}
        hint={hint}
      />
    </div>
  );
}
