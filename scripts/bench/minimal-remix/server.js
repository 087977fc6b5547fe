import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

/**
 * The minimal app's server as Remix's express template has it (static files, then Remix), without
 * compression or request logging. Started by `npm run bench -- pages` with PORT and the build's path.
 */
const buildPath = resolve(process.env.MINIMAL_REMIX_BUILD ?? ".bench/minimal-remix/index.js");
const build = await import(pathToFileURL(buildPath).href);
const publicDir = resolve(buildPath, "../public");

const app = express();
app.disable("x-powered-by");
app.use("/build", express.static(resolve(publicDir, "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(publicDir, { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(Number(process.env.PORT), "127.0.0.1");
