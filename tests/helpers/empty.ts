// Stands in for `server-only` in tests: the real module throws when imported outside a React Server bundle.
export {};
