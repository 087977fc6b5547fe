import { createServer } from "node:http";

/** The floor below the framework for `npm run bench -- pages`: node:http answering a small page. */
const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ok</title></head><body><p>ok</p></body></html>`;

createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(page) });
  res.end(page);
}).listen(Number(process.env.PORT), "127.0.0.1");
