import type { organisations, roles, teams, users } from "./index";
import type { kpis, measurements, resources, stages, valueStreams } from "./streams";

export type Role = (typeof roles)[number];
export type User = typeof users.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type ValueStream = typeof valueStreams.$inferSelect;
export type Stage = typeof stages.$inferSelect;
export type Resource = typeof resources.$inferSelect;
export type Kpi = typeof kpis.$inferSelect;
export type Measurement = typeof measurements.$inferSelect;
