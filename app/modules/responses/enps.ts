/**
 * eNPS arithmetic for the responses views. The one definition lives in the metrics domain
 * (metrics/enps-statistics.ts), below responses, so that the rollups and these views cannot differ.
 */

export {
  addCounts,
  addHistograms,
  countsFromDistribution,
  emptyHistogram,
  enpsCategory,
  enpsFromCounts,
  enpsMarginOfError,
  enpsStatistics,
  type EnpsCategory,
  type EnpsCounts,
  type EnpsStatistics,
} from "~/modules/metrics/enps-statistics";
