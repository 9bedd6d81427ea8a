// Types for the tests that import scripts/web-harness.mjs.
export declare const root: string;
export declare function bin(name: string): string;
export interface BrowserOpener {
  command: string;
  args: string[];
  windowsVerbatimArguments?: boolean;
}
export declare function browserOpener(
  url: string,
  env?: Record<string, string | undefined>,
  platform?: NodeJS.Platform,
): BrowserOpener | undefined;
export declare function runWebHarness(options?: { args?: string[]; openBrowser?: boolean }): void;
