import { lazy, Suspense, useRef } from 'react';
import { AmazonPayProvider } from 'react-amazon-pay-recovery';
import { formatPence, useCart } from './cart';
import type { DemoBackend } from './demo-backend';
import { AmazonPayPage } from './pages/AmazonPayPage';
import { CartPage } from './pages/CartPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { ConfirmationPage } from './pages/ConfirmationPage';
import { onLinkClick, useRoute } from './router';
import { TestPanel } from './TestPanel';
import { useFocusOnNavigation } from './use-focus-on-navigation';

/** The merchant's admin page: its own chunk (react-amazon-pay-recovery/report), never part of the shop's pages. */
const RecoveryReportPage = lazy(() => import('./pages/RecoveryReportPage'));

/** Demo merchant id: any 6-20 upper-case letters and digits pass the provider's check. */
export const DEMO_SELLER_ID = 'A2DEMOSTORE01';
/** The sandbox backend's signing key id (public; the private key stays on the "server"). */
export const DEMO_PUBLIC_KEY_ID = 'SANDBOX-KIT-PUBLIC-KEY';

export function App({ demo }: { demo: DemoBackend }) {
  const { path } = useRoute();
  const { totalPence } = useCart();
  const main = useRef<HTMLElement>(null);
  useFocusOnNavigation(path, main);
  return (
    // onEvent: the kit's funnel events for the admin page's recovery report. The sandbox stands in for the
    // shop's server here; with the kit's server it is sendFunnelEvents({ baseUrl }) from react-amazon-pay-recovery/events.
    <AmazonPayProvider
      backend={demo.backend}
      sellerId={DEMO_SELLER_ID}
      publicKeyId={DEMO_PUBLIC_KEY_ID}
      region="uk"
      sandbox
      locale="en-GB"
      onEvent={demo.sandbox.recordFunnelEvent}
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href="/" onClick={onLinkClick}>
          Tea &amp; Kettle
        </a>
        <nav aria-label="Main">
          <a href="/" onClick={onLinkClick} aria-current={path === '/' ? 'page' : undefined}>
            Basket <span className="badge">{formatPence(totalPence)}</span>
          </a>
          <a href="/admin/recovery-report" onClick={onLinkClick} aria-current={path === '/admin/recovery-report' ? 'page' : undefined}>
            Admin: recovery report
          </a>
        </nav>
        <span className="sandbox-tag">Sandbox demo: no real payments</span>
      </header>
      <div className="layout">
        <main id="main" tabIndex={-1} ref={main}>
          {path === '/' && <CartPage />}
          {path === '/checkout' && <CheckoutPage />}
          {path === '/amazon-pay' && <AmazonPayPage sandbox={demo.sandbox} />}
          {path === '/confirmation' && <ConfirmationPage />}
          {path === '/admin/recovery-report' && (
            <Suspense fallback={<p>Loading the report…</p>}>
              <RecoveryReportPage demo={demo} />
            </Suspense>
          )}
        </main>
        <TestPanel demo={demo} />
      </div>
    </AmazonPayProvider>
  );
}
