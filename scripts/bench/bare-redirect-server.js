import { createServer } from "node:http";

/**
 * The floor below the framework for `npm run bench -- feed`: node:http answering every request with
 * the same 302 the portal's /r/{code} answers (BENCH_LOCATION), and nothing else: no look-up, no click.
 */
const headers = { Location: process.env.BENCH_LOCATION ?? "https://acme.example/", "Cache-Control": "private, no-store", "Content-Length": "0" };

createServer((req, res) => {
  if (req.url === "/healthz") return void res.writeHead(200, { "Content-Length": "0" }).end();
  res.writeHead(302, headers);
  res.end();
}).listen(Number(process.env.PORT), "127.0.0.1");
