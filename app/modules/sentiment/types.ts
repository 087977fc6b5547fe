/** The languages the scorer reads. */
export type SentimentLang = "en" | "fr";
