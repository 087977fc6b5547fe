import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, handleApiRequest, type ApiResource } from "~/modules/integrations/api.server";
import { buildOpenApiDocument } from "~/modules/integrations/openapi.server";
import { getEnv } from "~/utils/env.server";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, public (it holds no data). */
const openApiDocument: ApiResource = {
  public: true,
  methods: {
    GET: async ({ url }) => apiJson(buildOpenApiDocument(getEnv().APP_URL ?? url.origin)),
  },
};

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(args, openApiDocument);
export const action = (args: ActionFunctionArgs) => handleApiRequest(args, openApiDocument);
