// What the pop-up loads with import(). In dist/ this module is built self-contained by
// scripts/build-lazy-parts.mjs (see there why), so a page that never shows the pop-up's
// button carries none of its code, whatever the bundler.
export { AmazonPayButton } from '../../AmazonPayButton';
