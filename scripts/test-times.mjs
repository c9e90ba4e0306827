#!/usr/bin/env node
// Per-project test time, two ways:
//   as a vitest reporter (exact project names, start-up time included):
//     npx vitest run --project '!bench*' --reporter=default --reporter=./scripts/test-times.mjs
//   or from a vitest JSON report (e.g. the one .ci/run writes), projects guessed from the paths:
//     node scripts/test-times.mjs .vitest-report.json
// "work" is the sum of the files' own durations (in the reporter: environment, imports, setup files
// and tests; in a JSON report: first test start to last test end only). "span" is the wall
// time from the project's first file start to its last file end: projects run side by side, so spans overlap.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {{ project: string, file: string, start: number, end: number }[]} files */
export function projectTable(files) {
  const projects = new Map();
  for (const file of files) {
    const row = projects.get(file.project) ?? { files: 0, work: 0, start: Infinity, end: -Infinity, slowest: file };
    row.files += 1;
    row.work += file.end - file.start;
    row.start = Math.min(row.start, file.start);
    row.end = Math.max(row.end, file.end);
    if (file.end - file.start > row.slowest.end - row.slowest.start) row.slowest = file;
    projects.set(file.project, row);
  }
  const first = Math.min(...files.map((file) => file.start));
  const seconds = (ms) => (ms / 1000).toFixed(1).padStart(6);
  const lines = ['project       files   work s   span s   from s  slowest file'];
  for (const [name, row] of [...projects].sort((a, b) => b[1].work - a[1].work)) {
    lines.push(
      `${name.padEnd(12)} ${String(row.files).padStart(6)}   ${seconds(row.work)}   ${seconds(row.end - row.start)}   ${seconds(row.start - first)}  ${row.slowest.file} (${((row.slowest.end - row.slowest.start) / 1000).toFixed(1)} s)`,
    );
  }
  const total = files.reduce((sum, file) => sum + file.end - file.start, 0);
  lines.push(
    `all          ${String(files.length).padStart(6)}   ${seconds(total)}   ${seconds(Math.max(...files.map((file) => file.end)) - first)}`,
  );
  return lines.join('\n');
}

/** The project a file of this repository runs in, from its suffix (a JSON report names no project). */
function guessProject(file, seen) {
  if (file.startsWith('stories/')) return 'storybook';
  if (file.startsWith('bench/'))
    return file.startsWith('bench/browser/') ? 'bench-browser' : file.startsWith('bench/server/') ? 'bench-server' : 'bench';
  const project = file.match(/\.(dom|chromium|pg|e2e)\.test\.tsx?$/)?.[1] ?? 'node';
  // test/react files run again on React 18: the second one seen is the React 18 run.
  if (file.startsWith('test/react/') && seen.has(file)) return project === 'dom' ? 'react18' : 'react18-node';
  return project;
}

export function filesFromJsonReport(report, root = process.cwd()) {
  const seen = new Set();
  return report.testResults.map((result) => {
    const file = relative(root, result.name);
    const project = guessProject(file, seen);
    seen.add(file);
    return { project, file, start: result.startTime, end: result.endTime };
  });
}

/** Vitest reporter: prints the table at the end of the run. */
export default class TestTimesReporter {
  files = [];
  onInit(vitest) {
    this.root = vitest.config.root;
  }
  onTestModuleEnd(testModule) {
    const d = testModule.diagnostic();
    const end = Date.now();
    // prepareDuration is left out: it includes the time a file waited for a free worker.
    const own = d.environmentSetupDuration + d.collectDuration + d.setupDuration + d.duration;
    this.files.push({
      project: (testModule.project.name || 'default').replace(/ \(chromium\)$/, ''),
      file: relative(this.root, testModule.moduleId),
      start: end - own,
      end,
    });
  }
  onTestRunEnd() {
    if (this.files.length > 0) process.stdout.write(`\n${projectTable(this.files)}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node scripts/test-times.mjs <vitest JSON report>');
    process.exit(2);
  }
  console.log(projectTable(filesFromJsonReport(JSON.parse(readFileSync(path, 'utf8')))));
}
