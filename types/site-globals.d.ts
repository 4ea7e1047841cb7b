// What the site's scripts use that the DOM library does not declare: Material for
// MkDocs' globals, Chromium's userAgentData, and the checker's own window API.

/** Material for MkDocs: emits on every page, including after instant navigation. */
declare const document$: { subscribe(next: () => void): unknown } | undefined;

/** Material for MkDocs: reads a value it stored (palette, tabs) in local storage. */
declare function __md_get(key: string, storage?: Storage, base?: URL): any;

interface NavigatorUAData {
  readonly brands: ReadonlyArray<{ brand: string; version: string }>;
  readonly mobile: boolean;
  readonly platform: string;
}

interface Navigator {
  /** Chromium 90+ only. */
  readonly userAgentData?: NavigatorUAData;
}

interface Window {
  /** The checker's API (checker/web/checker.mjs): run(), lastReport, stats, firstCheckBytes(). */
  kbChecker: {
    run(): Promise<unknown>;
    lastReport: unknown;
    stats: { workers: number; runs: number; last: unknown };
    /** What a first check on the page downloads, in bytes (the build measured it). */
    firstCheckBytes(): number;
  };
}
