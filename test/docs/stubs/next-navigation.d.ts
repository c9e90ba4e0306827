// The one Next.js API the docs' App Router blocks use (next is not a dependency of the kit);
// `npm run test:consumer` builds the same blocks against the real Next.js.
export declare function useSearchParams(): URLSearchParams;
