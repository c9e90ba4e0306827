import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFilter } from 'vite';
import { describe, expect, it } from 'vitest';
import config, { STORYBOOK_TEST_FILES } from '../vite.config';

/**
 * The test layout stays what CONTRIBUTING.md says: every test file runs in exactly one vitest
 * project, chosen by its suffix (the React 18 projects run some of them again), and the table
 * of projects in CONTRIBUTING.md lists every project with the files it takes.
 */

const ROOT = resolve(import.meta.dirname, '..');
const RERUNS = new Set(['react18', 'react18-node']);
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'dist-demo',
  'storybook-static',
  'coverage',
  'test-results',
  '.git',
  '.next',
  'fixtures',
]);

interface Project {
  readonly name: string;
  readonly include: readonly string[] | undefined;
  readonly accepts: (file: string) => boolean;
}

const projects: Project[] = (config.test?.projects ?? []).map((entry) => {
  if (typeof entry !== 'object' || entry === null || !('test' in entry) || !entry.test?.name)
    throw new Error('every project in vite.config.ts is an inline object with a name');
  const { name, exclude } = entry.test;
  const projectName = typeof name === 'string' ? name : name.label;
  // Storybook's plugin sets the storybook project's include (the stories) and a plugin of ours adds these.
  const include = projectName === 'storybook' ? STORYBOOK_TEST_FILES : entry.test.include;
  const filter = include ? createFilter(include, exclude, { resolve: ROOT }) : () => false;
  return { name: projectName, include, accepts: (file: string) => filter(resolve(ROOT, file)) };
});

function testFiles(folder: string): string[] {
  return readdirSync(resolve(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : testFiles(path);
    return TEST_FILE.test(entry.name) ? [path] : [];
  });
}

describe('test projects', () => {
  const files = ['test', 'bench', 'src', 'stories', 'demo', 'scripts', 'examples'].flatMap(testFiles);

  it('finds the test files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('runs every test file in exactly one project (React 18 reruns aside), named by its suffix', () => {
    const wrong = files.flatMap((file) => {
      const owners = projects.filter((project) => !RERUNS.has(project.name) && project.accepts(file)).map((project) => project.name);
      return owners.length === 1
        ? []
        : [`${file}: ${owners.length === 0 ? 'no project (rename it: CONTRIBUTING.md, "Test projects")' : owners.join(', ')}`];
    });
    expect(wrong).toEqual([]);
  });

  it('no test file picks its environment in a comment: the suffix says where it runs', () => {
    const commented = files.filter((file) => /^\s*(\/\/|\/?\*)\s*@vitest-environment\b/m.test(readFileSync(resolve(ROOT, file), 'utf8')));
    expect(commented).toEqual([]);
  });

  it('reruns on React 18 only files that also run on React 19', () => {
    const main = projects.filter((project) => !RERUNS.has(project.name));
    const orphans = files.filter(
      (file) =>
        projects.some((project) => RERUNS.has(project.name) && project.accepts(file)) && !main.some((project) => project.accepts(file)),
    );
    expect(orphans).toEqual([]);
  });

  it("CONTRIBUTING.md's table lists every project with the files it takes", () => {
    const contributing = readFileSync(resolve(ROOT, 'CONTRIBUTING.md'), 'utf8');
    const section = contributing.slice(contributing.indexOf('## Test projects'));
    const rows = section
      .split('\n')
      .filter((line) => /^\| `[^`]+` \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const table = new Map(rows.map((cells) => [cells[1]!.replaceAll('`', ''), cells[2]!]));
    expect([...table.keys()].sort()).toEqual(projects.map((project) => project.name).sort());
    for (const project of projects) {
      if (!project.include) continue;
      // The first code span of the "files" cell is the project's include pattern.
      expect(table.get(project.name)?.match(/`([^`]+)`/)?.[1], project.name).toBe(project.include.join(', '));
    }
  });
});
