/** Who changes a setting, for the audit log. Refusals are coded (ADR 013): no translator here. */
export interface ActorOptions {
  actorUserId: string | null;
}
