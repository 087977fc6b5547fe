import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, handleApiRequest, type ApiResource } from "~/modules/integrations/api.server";
import {
  findDepartureForApi,
  listDeparturesForApi,
  parseDepartureCreate,
  parseListQuery,
} from "~/modules/integrations/departures-api.server";
import { createDeparture } from "~/modules/offboarding/departures.server";

/**
 * GET  /api/v1/departures: a page of departures (cursor pagination; filters status, updatedSince).
 * POST /api/v1/departures: records a departure → 201 with its tasks; the same externalId again → 200
 * with the existing departure, unchanged.
 */
const departures: ApiResource = {
  methods: {
    GET: async ({ url }) => apiJson(await listDeparturesForApi(parseListQuery(url))),
    POST: async ({ readJson }) => {
      const { input, choices } = parseDepartureCreate(await readJson());
      const { departure, created } = await createDeparture(input, { actorUserId: null, source: "api", ...choices });
      const body = await findDepartureForApi(departure.id);
      return apiJson(body, {
        status: created ? 201 : 200,
        headers: { Location: `/api/v1/departures/${departure.id}` },
      });
    },
  },
};

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(args, departures);
export const action = (args: ActionFunctionArgs) => handleApiRequest(args, departures);
