import pluralize from "pluralize";

/**
 * "1 row", "3 rows", "50,000 rows": a count with its noun (given in the singular) in the right number.
 * An acronym takes a lower-case s ("5 KPIs", where pluralize would shout "KPIS").
 */
export function counted(n: number, noun: string): string {
  const word = n === 1 ? noun : /^[A-Z]+$/.test(noun) ? `${noun}s` : pluralize(noun, n);
  return `${n.toLocaleString("en")} ${word}`;
}

/** "Acme's", "Acme Industries'": the possessive of a name, without the "Industries's" a plain 's gives. */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}
