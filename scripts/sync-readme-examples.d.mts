export function syncExamples(readme: string, read: (path: string) => string): string;
export function examplePaths(readme: string): string[];
