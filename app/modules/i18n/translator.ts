import { createInstance, type i18n, type TFunction } from "i18next";
import { i18nConfig, type AppLocale, type NAMESPACES } from "./config";
import { addFormatters } from "./formatters";

export type Namespace = (typeof NAMESPACES)[number];

/**
 * What every schema and message builder takes to speak the user's language: i18next's `t` (from
 * `translator()` or a page's `useTranslation()`), or any function of the same shape. The one
 * definition, so that every domain's schemas accept the same functions.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const instances = new Map<AppLocale, i18n>();

/**
 * The one i18next instance of a language, initialised with every bundled resource the first time it
 * is asked for. It is shared by every request in that language (server render, messages, emails), so
 * nothing may change it afterwards: no `changeLanguage`, no added resources. A request in another
 * language gets the other instance.
 */
export function i18nFor(locale: AppLocale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createInstance();
    void instance.init({ ...i18nConfig, lng: locale, initImmediate: false });
    addFormatters(instance);
    rememberPlainTranslations(instance);
    instances.set(locale, instance);
  }
  return instance;
}

/**
 * A synchronous translate function for one language and namespace, usable anywhere (server, browser,
 * jobs, schemas): every resource is bundled, so no loading is needed.
 */
export function translator(locale: AppLocale, namespace: Namespace): TFunction {
  return i18nFor(locale).getFixedT(locale, namespace);
}

/**
 * A translation depends only on the language, the namespace, the bundled resources (none of which
 * change after `i18nFor` initialised the instance), the key and its options. Every page asks for the
 * same labels on every request, often once per row (the inbox asks about thirty per task), and
 * messages with the same values again and again (a due date, a team's name): i18next's resolution
 * and interpolation took a sixth of a page's CPU. The fixed `t` functions of this instance (what
 * `useTranslation` and `translator` use) remember those answers: without options, and with options
 * whose values are all plain strings, numbers or booleans (an object or a function in the options
 * may change between calls without changing its text form, so such calls are worked out each time).
 */
/** More than every key of the largest namespace; beyond it, answers are worked out each time. */
const REMEMBERED_PER_SCOPE = 5_000;
/** Answers with options carry data (names, dates): a bounded set, emptied when full. */
const REMEMBERED_WITH_OPTIONS_PER_SCOPE = 5_000;

function plainOptions(options: unknown): options is Record<string, string | number | boolean> {
  if (!options || typeof options !== "object" || Array.isArray(options)) return false;
  for (const value of Object.values(options)) {
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean") return false;
  }
  return true;
}

type FixedT = ((key: unknown, ...rest: unknown[]) => unknown) & { lng?: string; ns?: unknown; keyPrefix?: string };

function rememberPlainTranslations(instance: i18n) {
  const getFixedT = instance.getFixedT.bind(instance);
  const remembered = new Map<string, Map<string, string>>();
  instance.getFixedT = ((lng: string | readonly string[] | null, ns?: string | readonly string[] | null, keyPrefix?: string) => {
    const fixed = getFixedT(lng as never, ns as never, keyPrefix) as unknown as FixedT;
    const scope = JSON.stringify([lng ?? instance.language, ns ?? null, keyPrefix ?? null]);
    let answers = remembered.get(scope);
    if (!answers) {
      answers = new Map();
      remembered.set(scope, answers);
    }
    const plainAnswers = answers;
    let answersWithOptions = remembered.get(`${scope}+options`);
    if (!answersWithOptions) {
      answersWithOptions = new Map();
      remembered.set(`${scope}+options`, answersWithOptions);
    }
    const optionAnswers = answersWithOptions;
    const t = (key: unknown, ...rest: unknown[]) => {
      if (typeof key !== "string") return fixed(key, ...rest);
      if (rest.length === 0) {
        let answer = plainAnswers.get(key);
        if (answer === undefined) {
          answer = fixed(key) as string;
          // Bounded: the keys are the bundle's, but a key built from data must not grow it for ever.
          if (plainAnswers.size < REMEMBERED_PER_SCOPE) plainAnswers.set(key, answer);
        }
        return answer;
      }
      if (rest.length > 1 || !plainOptions(rest[0])) return fixed(key, ...rest);
      const rememberedAs = `${key}\u0000${JSON.stringify(rest[0])}`;
      let answer = optionAnswers.get(rememberedAs);
      if (answer === undefined) {
        const worked = fixed(key, rest[0]);
        // `returnObjects` and the like answer objects, which a caller may change: not remembered.
        if (typeof worked !== "string") return worked;
        answer = worked;
        if (optionAnswers.size >= REMEMBERED_WITH_OPTIONS_PER_SCOPE) optionAnswers.clear();
        optionAnswers.set(rememberedAs, answer);
      }
      return answer;
    };
    // What react-i18next and i18next read from a fixed t.
    return Object.assign(t, { lng: fixed.lng, ns: fixed.ns, keyPrefix: fixed.keyPrefix }) as unknown as TFunction;
  }) as i18n["getFixedT"];
}
