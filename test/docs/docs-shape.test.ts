import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmazonPayError, ERRORS_DOC } from '../../src/domain/errors';
import { documentationFiles, readRepoFile, ROOT } from './markdown';

// A merchant's first hour: a short README that links out to pages shipped in the package,
// and an errors page with every code the kit raises.
const REPOSITORY = 'https://github.com/react-amazon-pay-recovery/react-amazon-pay-recovery';
const README_MAX_BYTES = 12_000;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

// Where the kit's sources name an error code: `code: 'X'`, `validationError(devOnly ? '…' : 'X', 'X')`,
// `requestError(400, 'X', …)`, `amazonError('X', …)`, `invalidUrl(devOnly ? '…' : 'X')`.
const CODE_PATTERNS = [
  /\b(?:code|mountFailedCode|errorCode): '([A-Z]\w+)'/g,
  /'([A-Z]\w+)',\s*'\1',?\s*\)/g,
  /\b(?:\w*[eE]rror|invalid\w*)\((?:\d+, )?'([A-Z]\w+)'/g,
  /\binvalidUrl\([^;]*: '([A-Z]\w+)'\)/g,
];

/** Error codes by the top folder of src/ that raises them. */
function errorCodes(): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  for (const file of sourceFiles(resolve(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const folder = file.slice(resolve(ROOT, 'src').length + 1).split(/[\\/]/)[0]!;
    for (const pattern of CODE_PATTERNS) {
      for (const [, code] of text.matchAll(pattern)) {
        if (!codes.has(code!)) codes.set(code!, new Set());
        codes.get(code!)!.add(folder);
      }
    }
  }
  return codes;
}

const headings = (markdown: string) =>
  new Set(
    (markdown.match(/^#{1,6} .+$/gm) ?? []).map((heading) =>
      heading
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );

describe('README', () => {
  const readme = readRepoFile('README.md');

  it(`is at most ${README_MAX_BYTES} bytes, with a table of contents`, () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(README_MAX_BYTES);
    expect(readme).toMatch(/^## Contents\n\n(- \[[^\]]+\]\(#[\w-]+\).*\n)+/m);
  });

  it('links to every docs page by its repository URL (works on the npm registry page too)', () => {
    for (const doc of documentationFiles().filter((file) => file !== 'README.md'))
      expect(readme, doc).toContain(`](${REPOSITORY}/blob/main/${doc})`);
    // No relative link: npm shows the README apart from the package's files.
    expect(readme.match(/\]\((?!https:|#)[^)]+\)/g) ?? []).toEqual([]);
  });

  it('has a Quickstart that shows the pop-up and a decline recovered with a named sandbox method', () => {
    const quickstart = /<!-- quickstart: \S+ -->\n```tsx\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    for (const part of [
      '<CartRecoveryPopup',
      '<DeclineRecovery',
      'useCheckoutSessionReturn',
      'SANDBOX_METHOD_IDS.declinesHard',
      "import 'react-amazon-pay-recovery/styles.css'",
    ])
      expect(quickstart).toContain(part);
  });
});

describe('docs/errors.md', () => {
  const errors = readRepoFile('docs/errors.md');
  const codes = errorCodes();

  it('names every error code the kit raises', () => {
    expect([...codes.keys()].filter((code) => !errors.includes(`\`${code}\``) && !headings(errors).has(code.toLowerCase()))).toEqual([]);
  });

  it('has an entry (heading) for every code the browser entry raises, where production messages point', () => {
    const browser = [...codes]
      .filter(([, folders]) => ['domain', 'browser', 'react', 'i18n', 'contract'].some((folder) => folders.has(folder)))
      .map(([code]) => code);
    expect(browser.length).toBeGreaterThan(10);
    expect(browser.filter((code) => !headings(errors).has(code.toLowerCase()))).toEqual([]);
  });

  describe('in a production build', () => {
    afterEach(() => vi.unstubAllEnvs());

    it('a validation error reads as its code and the URL of its entry', () => {
      vi.stubEnv('NODE_ENV', 'production');
      const error = new AmazonPayError('validation', 'InvalidAddress', { code: 'InvalidAddress' });
      expect(error.message).toBe(`InvalidAddress ${ERRORS_DOC}invalidaddress`);
      expect(ERRORS_DOC).toBe(`${REPOSITORY}/blob/main/docs/errors.md#`);
      expect(headings(errors).has('invalidaddress')).toBe(true);
    });
  });
});
