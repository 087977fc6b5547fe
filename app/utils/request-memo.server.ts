import { AsyncLocalStorage } from "node:async_hooks";
import { getSingleton, setSingleton } from "./singleton.server";

/**
 * Values computed once per HTTP request and shared by everything that handles it: the root loader,
 * the route's loaders, and entry.server's render each receive their own `Request` object from Remix
 * (it copies the request to strip `?index` and `?_data`), so nothing keyed by the request object is
 * shared between them. An async context opened by the web server around the whole request is.
 * See docs/decisions/014-one-session-look-up-per-request.md.
 */
type Memo = Map<string, unknown>;

const KEY = "requestMemo";

// The web server (run by tsx) and the Remix bundle load this file twice: both must use one storage.
function storage(): AsyncLocalStorage<Memo> {
  let shared = getSingleton<AsyncLocalStorage<Memo>>(KEY);
  if (!shared) {
    shared = new AsyncLocalStorage<Memo>();
    setSingleton(KEY, shared);
  }
  return shared;
}

/** Runs the handling of one request with a fresh memo (the web server calls this, nothing else). */
export function withRequestMemo<T>(handle: () => T): T {
  return storage().run(new Map(), handle);
}

/**
 * The value of `key` for the current request, computed by `compute` the first time it is asked for.
 * Outside a request memo (a test calling a loader, a job) it is computed on every call.
 */
export function memoizedForRequest<T>(key: string, compute: () => T): T {
  const memo = storage().getStore();
  if (!memo) return compute();
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}
