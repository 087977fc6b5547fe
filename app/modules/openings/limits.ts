/** The most alumni HR's page of one opening lists, most clicks first (the page says so). */
export const REFERRERS_SHOWN = 500;
