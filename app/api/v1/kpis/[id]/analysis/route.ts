import { apiRoutes } from "@/lib/api/routes";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoutes("/kpis/{id}/analysis");
