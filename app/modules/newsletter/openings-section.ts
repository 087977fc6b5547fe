/** The most open roles one issue's "Open roles" section carries (the compose form shows the limit). */
export const ISSUE_OPENINGS_MAX = 10;
