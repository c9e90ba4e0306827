import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The consumer documentation: README.md and docs/*.md. */
export function documentationFiles(): string[] {
  return [
    'README.md',
    ...readdirSync(resolve(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
}

export function readRepoFile(path: string): string {
  return readFileSync(resolve(ROOT, path), 'utf8');
}

export interface CodeBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  readonly code: string;
  /** `<!-- prelude: ... -->` right above the fence: declarations the block assumes (type-checked with it, not shown). */
  readonly prelude: string;
  /** Inside `<!-- example: path -->`: a copy of that file, checked as the file itself. */
  readonly example: string | undefined;
  /** `<!-- next: path -->` right above the fence: that file of a Next.js app (blocks of one page import each other). */
  readonly appFile: string | undefined;
}

const FENCE = /^( *)```(\w*)\n([\s\S]*?)^\1```$/gm;

/** The fenced code blocks of a markdown text, fences indented in list items included. */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const match of text.matchAll(FENCE)) {
    const [, indent = '', language = '', body = ''] = match;
    const before = text.slice(0, match.index);
    const prelude = /<!-- prelude: ([^\n]*) -->\n$/.exec(before)?.[1] ?? '';
    const example = /<!-- example: (\S+) -->\n$/.exec(before)?.[1];
    const appFile = /<!-- next: (\S+) -->\n$/.exec(before)?.[1];
    const code = body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n');
    blocks.push({ file, line: before.split('\n').length, language, code, prelude, example, appFile });
  }
  return blocks;
}

/** The targets of inline markdown links and images, without in-page anchors. */
export function linkTargets(text: string): { target: string; line: number }[] {
  const withoutCode = text.replace(FENCE, (block) => block.replace(/[^\n]/g, ' '));
  const links: { target: string; line: number }[] = [];
  for (const match of withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    links.push({ target: match[1]!, line: withoutCode.slice(0, match.index).split('\n').length });
  }
  return links;
}
