import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, handleApiRequest, type ApiResource } from "~/modules/integrations/api.server";
import { parseEnpsMetricsQuery } from "~/modules/integrations/metrics-api.server";
import { readEnpsDashboard } from "~/modules/responses/enps-dashboard.server";
import { getDb } from "~/utils/db.server";

/**
 * GET /api/v1/metrics/enps: the eNPS dashboard's aggregates (API token), for the same filters as
 * HR's page, under the same anonymity rules (docs/decisions/026): the read model, as JSON.
 */
const enpsMetrics: ApiResource = {
  methods: {
    GET: async ({ url }) => apiJson(await readEnpsDashboard(getDb(), parseEnpsMetricsQuery(url))),
  },
};

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(args, enpsMetrics);
export const action = (args: ActionFunctionArgs) => handleApiRequest(args, enpsMetrics);
