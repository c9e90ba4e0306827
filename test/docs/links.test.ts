import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentationFiles, linkTargets, readRepoFile, ROOT } from './markdown';

// Where a link in the consumer documentation may point (package.json "repository" is this URL):
// - a relative path: a file in the packed package, so it works on npm, on GitHub and in
//   node_modules. Exception: docs/images/, kept out of the package for its size; GitHub shows
//   them and npm's website loads them from the repository.
// - the repository's own URL (…/blob/main/<path>, …/raw/main/<path> for images): a file of the
//   repository. The README links so (npm's page shows it apart from the package's files).
// - an in-page anchor: a heading of that document.
const REPOSITORY = 'https://github.com/react-amazon-pay-recovery/react-amazon-pay-recovery';
const REPO_ONLY = /^docs\/images\/[\w-]+\.png$/;

function packedFiles(): Set<string> {
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as [{ files: { path: string }[] }];
  return new Set(pack.files.map((file) => file.path));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.replace(/^ *```[\s\S]*?^ *```$/gm, '').match(/^#{1,6} .+$/gm) ?? [];
  return new Set(
    headings.map((heading) =>
      heading
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('links in README.md and docs/*.md', () => {
  const packed = packedFiles();
  const problems: string[] = [];
  for (const file of documentationFiles()) {
    const text = readRepoFile(file);
    for (const { target, line } of linkTargets(text)) {
      const where = `${file}:${line} -> ${target}`;
      const [path = '', anchor] = target.split('#');
      if (/^\/(blob|tree|raw)\/main\//.test(target.slice(REPOSITORY.length)) && target.startsWith(REPOSITORY)) {
        const repoPath = path.replace(/^.*?\/(blob|tree|raw)\/main\//, '');
        if (!existsSync(join(ROOT, repoPath))) problems.push(`${where}: not in the repository`);
        else if (anchor !== undefined && repoPath.endsWith('.md') && !anchors(readRepoFile(repoPath)).has(anchor))
          problems.push(`${where}: no such heading in ${repoPath}`);
      } else if (/^[a-z]+:/i.test(target)) {
        continue; // another site
      } else if (path === '') {
        if (!anchors(text).has(anchor ?? '')) problems.push(`${where}: no such heading`);
      } else {
        const resolved = normalize(join(dirname(file), path));
        if (!existsSync(join(ROOT, resolved))) problems.push(`${where}: no such file`);
        else if (!packed.has(resolved) && !REPO_ONLY.test(resolved))
          problems.push(`${where}: not in the packed package (add it to "files" or link to ${REPOSITORY}/blob/main/${resolved})`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(readRepoFile(resolved)).has(anchor))
          problems.push(`${where}: no such heading in ${resolved}`);
      }
    }
  }

  it('resolve: to a packed file, a repository file by its URL, or a heading', () => {
    expect(problems).toEqual([]);
  });

  it('the package ships the documents the README links to, and package.json names the repository', () => {
    for (const doc of documentationFiles()) expect(packed.has(doc), doc).toBe(true);
    const pkg = JSON.parse(readRepoFile('package.json')) as { repository: { url: string }; homepage: string; bugs: { url: string } };
    expect(pkg.repository.url).toBe(`git+${REPOSITORY}.git`);
    expect(pkg.homepage.startsWith(REPOSITORY)).toBe(true);
    expect(pkg.bugs.url).toBe(`${REPOSITORY}/issues`);
  });
});
