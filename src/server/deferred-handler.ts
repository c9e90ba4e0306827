/**
 * A handler whose configuration is built on the first request (a Next.js
 * build imports the route with no keys set). Until it builds, every request
 * to one of the kit's routes is answered 500 with kind `configuration`, not
 * retryable, and the reason is logged once per distinct message (say, the
 * list of missing variables), without a stack trace per request.
 */
import { AMAZON_PAY_ROUTES } from '../contract/routes';
import { RECOVERY_REPORT_ROUTES } from '../contract/report-routes';
import { configurationError, errorResponse, requestError } from './http-error';

type FetchHandler = (request: Request) => Promise<Response>;

/** Whether `pathname` ends like one of the kit's routes (the base path is part of the configuration that failed). */
function endsLikeARoute(pathname: string): boolean {
  const segments = pathname.split('/').filter(Boolean);
  return [...AMAZON_PAY_ROUTES, ...RECOVERY_REPORT_ROUTES].some((route) => {
    const pattern = route.path.split('/').filter(Boolean);
    const tail = segments.slice(-pattern.length);
    return tail.length === pattern.length && pattern.every((part, i) => part === ':id' || part === tail[i]);
  });
}

export function deferredHandler(
  build: () => FetchHandler,
  log: (message: string) => void = (message) => console.error(message),
): FetchHandler {
  let handler: FetchHandler | undefined;
  const logged = new Set<string>();
  return async function handleAmazonPayRequest(request: Request): Promise<Response> {
    if (!handler) {
      try {
        handler = build();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (!logged.has(reason)) {
          logged.add(reason);
          log(`[amazon-pay] The Amazon Pay handler is not configured; its routes answer 500 (kind "configuration") until it is: ${reason}`);
        }
        const { pathname } = new URL(request.url);
        if (!endsLikeARoute(pathname)) return errorResponse(requestError(404, 'NotFound', `No Amazon Pay route at ${pathname}.`));
        return errorResponse(configurationError(reason));
      }
    }
    return handler(request);
  };
}
