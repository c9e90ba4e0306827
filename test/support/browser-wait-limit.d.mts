/** How long a browser test or a story's play function waits for something to appear (browser-wait-limit.mjs). */
export declare const BROWSER_WAIT_MS: number;
