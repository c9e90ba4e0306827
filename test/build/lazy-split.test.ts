import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'arp-split-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A page as a merchant's bundler builds it (esbuild, code splitting on): the code it loads up front. */
async function initialLoad(name: string, code: string): Promise<string> {
  return (await bundle(name, code)).initial;
}

/** The page's bundle: what it loads up front, and everything it could ever load (its lazy chunks too). */
async function bundle(name: string, code: string): Promise<{ initial: string; everything: string }> {
  const entry = join(scratch, `${name}.js`);
  writeFileSync(entry, code.replaceAll("'.'", `'${resolve(root, 'src/index.ts')}'`));
  const result = await build({
    entryPoints: [entry],
    outdir: join(scratch, `${name}-out`),
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'],
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'empty' },
  });
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  const initial = new Set<string>();
  const visit = (path: string): void => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  // The page's own entry (import() targets are entry points of esbuild's too).
  for (const [path, output] of Object.entries(outputs)) if (output.entryPoint && resolve(output.entryPoint) === entry) visit(path);
  return {
    initial: [...initial].map((path) => byPath.get(resolve(path)) ?? '').join('\n'),
    everything: result.outputFiles.map((file) => file.text).join('\n'),
  };
}

describe('lazy parts stay out of the initial load (esbuild code splitting, from src)', () => {
  it('checkout page: the open pop-up, its button, the Wallet and the adapter calls load later', async () => {
    const code = await initialLoad('checkout', "export { AmazonPayProvider, createHttpBackend, CartRecoveryPopup } from '.';");
    expect(code).toContain('arp-popup');
    for (const lazy of ['arp-popup__title', 'arp-button', 'arp-wallet', 'is missing or not a']) expect(code).not.toContain(lazy);
  }, 30_000);

  it('decline page: the decline machine (machine, policy, runner), the screen past its first paint, the Wallet, the pop-up and the adapter calls load later', async () => {
    const code = await initialLoad('decline', "export { AmazonPayProvider, createHttpBackend, DeclineRecovery } from '.';");
    expect(code).toContain('arp-decline');
    for (const lazy of [
      'authorizationKnown',
      'retryLater',
      'Processing your payment',
      'M6.2 10.3',
      'arp-wallet__widget',
      'arp-button',
      'arp-popup',
      'is missing or not a',
    ])
      expect(code).not.toContain(lazy);
  }, 30_000);

  it('decline page where the server decides: the viewer, the event-stream reader, the view schema and the screen past its first paint load later', async () => {
    const code = await initialLoad(
      'server-decides',
      "export { AmazonPayProvider, createHttpBackend, serverRecovery, eventStreamUpdates, ServerDeclineRecovery } from '.';",
    );
    expect(code).toContain('arp-decline');
    for (const lazy of [
      'pollMs',
      'text/event-stream',
      'revision',
      'authorizationKnown',
      'retryLater',
      'Processing your payment',
      'M6.2 10.3',
      'arp-wallet__widget',
      'is missing or not a',
    ])
      expect(code).not.toContain(lazy);
  }, 30_000);

  it('whole `.` entry: the decline machine is not in it (`/machine` has it headless)', async () => {
    const code = await initialLoad('whole', "export * from '.';");
    expect(code).toContain('arp-decline');
    for (const lazy of ['authorizationKnown', 'retryLater', 'pollMs', 'text/event-stream']) expect(code).not.toContain(lazy);
  }, 30_000);

  it("the provider never fetches the complete English catalogue (each component carries its English), so no chunk of locales/en shares the first paint's English with a page", async () => {
    const { everything } = await bundle(
      'provider',
      `export { AmazonPayProvider } from '${resolve(root, 'src/react/AmazonPayProvider.tsx')}';`,
    );
    // The translations are its lazy chunks (here German's Try again).
    expect(everything).toContain('Erneut versuchen');
    for (const english of ['Place order', 'How about paying with Amazon Pay']) expect(everything).not.toContain(english);
  }, 30_000);

  it('the recovery report (react-amazon-pay-recovery/report) is never in a storefront page, not even as a lazy chunk', async () => {
    const { everything } = await bundle('storefront', "export * from '.';");
    expect(everything).toContain('arp-popup');
    for (const report of ['arp-report', 'admin/recovery-report', 'What Amazon Pay recovery won back'])
      expect(everything).not.toContain(report);
    // The funnel events' sender is react-amazon-pay-recovery/events: a page that does not import it carries none of it.
    expect(everything).not.toContain('funnel events could not be sent');
    const admin = await initialLoad('admin', `export { RecoveryReport, fetchRecoveryReport } from '${resolve(root, 'src/report.ts')}';`);
    expect(admin).toContain('arp-report');
  }, 30_000);
});
