import type { organisations, roles, teams, users } from "./index";

export type Role = (typeof roles)[number];
export type User = typeof users.$inferSelect;
export type Organisation = typeof organisations.$inferSelect;
export type Team = typeof teams.$inferSelect;
