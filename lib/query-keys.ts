/**
 * Every TanStack Query key is `[orgSlug, entity, ...params]`: what the client caches is always one
 * organisation's, and `invalidateQueries({ queryKey: [orgSlug] })` drops all of it, or
 * `[orgSlug, entity]` all of one entity. Build keys here, never inline, so two components that show
 * the same thing share one cache entry.
 */
export const queryKeys = {
  org: (org: string) => [org] as const,
  /** The latest value of a KPI, as its card shows it ("42 parts"). */
  kpiLatestValue: (org: string, kpiId: string) => [org, "kpis", kpiId, "latest-value"] as const,
};
