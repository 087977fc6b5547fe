/** The part of autocannon 8's programmatic API the page benchmark uses (the package ships no types). */
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    /** Send exactly this many requests, then stop (instead of `duration`). */
    amount?: number;
    /** Requests per second over all connections (a fixed rate instead of as fast as possible). */
    overallRate?: number;
    /** Each connection sends these in turn, over and over (paths relative to `url`). */
    requests?: Array<{ method?: string; path: string; headers?: Record<string, string> }>;
  }
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }
  interface Result {
    /** Requests per second, sampled every second. */
    requests: Histogram;
    /** Milliseconds. */
    latency: Histogram;
    /** Bytes per second, sampled every second; `total` is every byte received. */
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    "3xx": number;
    "4xx": number;
    "5xx": number;
    duration: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
