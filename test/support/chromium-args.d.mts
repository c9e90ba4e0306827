/** The switches every launch of Debian's Chromium gets (chromium-args.mjs). */
export declare const CHROMIUM_ARGS: string[];
