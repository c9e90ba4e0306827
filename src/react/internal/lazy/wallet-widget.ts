// What DeclineRecovery loads with import(). In dist/ this module is built self-contained by
// scripts/build-lazy-parts.mjs (see there why), so a page that never shows the Wallet
// carries none of its code, whatever the bundler.
export { WalletWidget } from '../../WalletWidget';
