// The vmThreads pool runs each jsdom file in a fresh VM context whose `crypto` is jsdom's
// (getRandomValues and randomUUID only); browsers and Node have Web Crypto's `subtle` too.
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto?.subtle) Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, writable: true });
