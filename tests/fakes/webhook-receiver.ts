import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

/**
 * A real HTTP receiver for outbound webhooks (node:http on 127.0.0.1): it records each POST's raw
 * body and headers, so a test verifies the signature on the exact bytes, and answers with the
 * statuses it is told to (one per request, then the last one again), or hangs to play a timeout.
 */

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body as received: what the signature covers. */
  body: string;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  received: ReceivedWebhook[];
  /** The statuses of the next answers, in order; the last one repeats. 204 by default; 0 never answers. */
  answerWith(...statuses: number[]): void;
  /** A body to send with every answer (to check the log keeps at most 1 KB). */
  answerBody(body: string): void;
}

/** Starts one receiver for the test file, cleared before each test. */
export function useWebhookReceiver(): WebhookReceiver {
  let server: Server;
  let statuses: number[] = [204];
  let body = "";
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    answerWith: (...next) => {
      statuses = next;
    },
    answerBody: (next) => {
      body = next;
    },
  };
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        receiver.received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
        // 0: never answer (the sender's timeout ends it).
        if (status === 0) return;
        response.writeHead(status, { "content-type": "text/plain" });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  beforeEach(() => {
    receiver.received.length = 0;
    statuses = [204];
    body = "";
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return receiver;
}
