/**
 * One instance per process, shared by every copy of a module. The web server (run by tsx) and the
 * Remix server bundle load the same source files as two module graphs; keeping process-wide
 * resources (the database, the job queue) on globalThis makes both see the same instance.
 */
const registry = globalThis as unknown as { __alumniSingletons?: Map<string, unknown> };

function store(): Map<string, unknown> {
  registry.__alumniSingletons ??= new Map();
  return registry.__alumniSingletons;
}

export function setSingleton<T>(name: string, value: T | undefined): void {
  if (value === undefined) store().delete(name);
  else store().set(name, value);
}

export function getSingleton<T>(name: string): T | undefined {
  return store().get(name) as T | undefined;
}
