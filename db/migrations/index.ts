import type { Migration } from "kysely";
import * as foundation from "./2026-11-27T0900_foundation";
import * as offboarding from "./2026-11-27T1200_offboarding";
import * as csvImportDetails from "./2026-11-27T1330_csv_import_details";
import * as settingsUsageIndexes from "./2026-11-27T1340_settings_usage_indexes";
import * as departureListIndexes from "./2026-11-27T1350_departure_list_indexes";
import * as taskOwnerIndexes from "./2026-11-27T1357_task_owner_indexes";
import * as exitFlow from "./2026-11-27T1400_exit_flow";
import * as responsesIndexes from "./2026-11-27T1410_responses_indexes";
import * as anonymousReleases from "./2026-12-06T1600_anonymous_releases";
import * as signInDelaysAndDemoSeed from "./2026-12-06T1700_sign_in_delays_and_demo_seed";
import * as emailSecretLinks from "./2026-12-06T1710_email_secret_links";
import * as departureDates from "./2026-12-06T1900_departure_dates";
import * as bilingualChecklistsAndSurveys from "./2026-12-06T2000_bilingual_checklists_and_surveys";
import * as feedSourcesAndItems from "./2026-12-07T0711_feed_sources_and_items";
import * as feedShareTextsAndSettings from "./2026-12-07T0800_feed_share_texts_and_settings";
import * as trackedLinks from "./2026-12-07T0825_tracked_links";
import * as sharesAndPoints from "./2026-12-07T1010_shares_and_points";
import * as newsletter from "./2026-12-07T1300_newsletter";
import * as providerRateLimit from "./2026-12-07T1310_provider_rate_limit";
import * as resendWebhookEvents from "./2026-12-07T1320_resend_webhook_events";
import * as newsletterBatchReposts from "./2026-12-07T1400_newsletter_batch_reposts";
import * as pulses from "./2026-12-08T0900_pulses";
import * as enpsRollups from "./2026-12-08T1000_enps_rollups";
import * as pulseDeliveries from "./2026-12-08T1100_pulse_deliveries";
import * as advocacyScores from "./2026-12-08T1200_advocacy_scores";
import * as privacyErasure from "./2026-12-09T0900_privacy_erasure";
import * as exportAndRetention from "./2026-12-09T1000_export_and_retention";
import * as preferenceCentre from "./2026-12-09T1100_preference_centre";
import * as alumniDirectory from "./2026-12-09T1200_alumni_directory";
import * as openings from "./2026-12-09T1300_openings";
import * as outboundWebhooks from "./2026-12-09T1400_outbound_webhooks";
import * as newsletterPulseBlockConsent from "./2026-12-09T1401_newsletter_pulse_block_consent";

/**
 * Every migration, in order. An in-code list (not FileMigrationProvider) so that migrations load
 * the same way in the server bundle, under tsx and under vitest (see docs/decisions/003).
 * `npm run migration:new -- <name>` creates a dated file and adds it here; a test checks that this
 * list names every file of the folder, in order.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-27T0900_foundation": foundation,
  "2026-11-27T1200_offboarding": offboarding,
  "2026-11-27T1330_csv_import_details": csvImportDetails,
  "2026-11-27T1340_settings_usage_indexes": settingsUsageIndexes,
  "2026-11-27T1350_departure_list_indexes": departureListIndexes,
  "2026-11-27T1357_task_owner_indexes": taskOwnerIndexes,
  "2026-11-27T1400_exit_flow": exitFlow,
  "2026-11-27T1410_responses_indexes": responsesIndexes,
  "2026-12-06T1600_anonymous_releases": anonymousReleases,
  "2026-12-06T1700_sign_in_delays_and_demo_seed": signInDelaysAndDemoSeed,
  "2026-12-06T1710_email_secret_links": emailSecretLinks,
  "2026-12-06T1900_departure_dates": departureDates,
  "2026-12-06T2000_bilingual_checklists_and_surveys": bilingualChecklistsAndSurveys,
  "2026-12-07T0711_feed_sources_and_items": feedSourcesAndItems,
  "2026-12-07T0800_feed_share_texts_and_settings": feedShareTextsAndSettings,
  "2026-12-07T0825_tracked_links": trackedLinks,
  "2026-12-07T1010_shares_and_points": sharesAndPoints,
  "2026-12-07T1300_newsletter": newsletter,
  "2026-12-07T1310_provider_rate_limit": providerRateLimit,
  "2026-12-07T1320_resend_webhook_events": resendWebhookEvents,
  "2026-12-07T1400_newsletter_batch_reposts": newsletterBatchReposts,
  "2026-12-08T0900_pulses": pulses,
  "2026-12-08T1000_enps_rollups": enpsRollups,
  "2026-12-08T1100_pulse_deliveries": pulseDeliveries,
  "2026-12-08T1200_advocacy_scores": advocacyScores,
  "2026-12-09T0900_privacy_erasure": privacyErasure,
  "2026-12-09T1000_export_and_retention": exportAndRetention,
  "2026-12-09T1100_preference_centre": preferenceCentre,
  "2026-12-09T1200_alumni_directory": alumniDirectory,
  "2026-12-09T1300_openings": openings,
  "2026-12-09T1400_outbound_webhooks": outboundWebhooks,
  "2026-12-09T1401_newsletter_pulse_block_consent": newsletterPulseBlockConsent,
};
