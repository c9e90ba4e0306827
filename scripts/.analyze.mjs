import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const names = process.argv[2];
const r = await build({ stdin: { contents: `export { ${names} } from './dist/index.js'`, resolveDir: process.cwd() }, bundle: true, minify: true, format: 'esm', write: false, metafile: true, outdir: '/tmp/an', splitting: true, external: ['react','react-dom','react/jsx-runtime'], define: {'process.env.NODE_ENV':'"production"'}, loader: {'.css':'empty'}, logLevel: 'silent' });
const out = Object.values(r.metafile.outputs).find(o => o.entryPoint === '<stdin>');
const rows = Object.entries(out.inputs).map(([k, v]) => [v.bytesInOutput, k]).sort((a, b) => b[0] - a[0]);
for (const [b, k] of rows) console.log(String(b).padStart(7), k);
