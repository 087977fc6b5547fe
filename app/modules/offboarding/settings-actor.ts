import { translator, type Translate } from "~/modules/i18n/translator";

/** Who changes a setting (for the audit log) and the `settings` translations to answer in. */
export interface ActorOptions {
  actorUserId: string | null;
  /** `settings` namespace, in the actor's language; English when absent. */
  t?: Translate;
}

export function settingsT(options: ActorOptions): Translate {
  return options.t ?? translator("en", "settings");
}
