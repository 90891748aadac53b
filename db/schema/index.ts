export * from "./auth";
export * from "./tenancy";
export * from "./streams";
export * from "./collaboration";
export * from "./api";
export * from "./history";
