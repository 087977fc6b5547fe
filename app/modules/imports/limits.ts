/**
 * The limits of one CSV import, shared by the server and the upload form (which checks the size
 * before sending when JavaScript runs).
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILE_MEGABYTES = MAX_FILE_BYTES / 1024 / 1024;
export const MAX_DATA_ROWS = 20_000;
/** Up to this many rows, the import runs while HR waits for the page; more go to a background job. */
export const IN_REQUEST_LIMIT = 200;
/** How many imports the upload page lists. */
export const RECENT_IMPORTS_LIMIT = 20;
