#!/usr/bin/env node
// The React entries must keep its "use client" directive after the build (React Server
// Components frameworks need it to treat the kit's hooks and components as client code);
// the server entry must not have it.
import { readFileSync } from 'node:fs';

const startsWithUseClient = (file) => /^\s*["']use client["'];?/.test(readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8'));
const problems = [];
for (const entry of ['index.js', 'button.js', 'wallet.js', 'report.js'])
  if (!startsWithUseClient(entry)) problems.push(`dist/${entry} lost its "use client" directive`);
if (startsWithUseClient('server.js')) problems.push('dist/server.js must not be "use client"');
if (problems.length > 0) {
  for (const problem of problems) console.error(`check-use-client: ${problem}`);
  process.exit(1);
}
console.log('check-use-client: dist/index.js, button.js, wallet.js and report.js are "use client", dist/server.js is not');
