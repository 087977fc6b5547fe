import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, handleApiRequest, type ApiResource } from "~/modules/integrations/api.server";
import {
  departureIdFrom,
  parseDepartureUpdate,
  requireDepartureForApi,
} from "~/modules/integrations/departures-api.server";
import { cancelDeparture, updateDeparture } from "~/modules/offboarding/departures.server";

/**
 * GET    /api/v1/departures/{id}: the departure with its tasks.
 * PATCH  /api/v1/departures/{id}: new dates or status; open tasks are re-dated.
 * DELETE /api/v1/departures/{id}: cancels it (the record stays, for the audit trail) → 200 with the
 *        cancelled departure; cancelling it again changes nothing.
 */
const departure: ApiResource = {
  methods: {
    GET: async ({ params }) => apiJson(await requireDepartureForApi(departureIdFrom(params))),
    PATCH: async ({ params, readJson }) => {
      const id = departureIdFrom(params);
      const { patch, confirmUnusualDates } = parseDepartureUpdate(await readJson());
      await updateDeparture(id, patch, { actorUserId: null, source: "api", confirmUnusualDates });
      return apiJson(await requireDepartureForApi(id));
    },
    DELETE: async ({ params }) => {
      const id = departureIdFrom(params);
      // A completed departure is refused (409), answered by the API wrapper like every refusal.
      await cancelDeparture(id, { actorUserId: null, source: "api" });
      return apiJson(await requireDepartureForApi(id));
    },
  },
};

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(args, departure);
export const action = (args: ActionFunctionArgs) => handleApiRequest(args, departure);
