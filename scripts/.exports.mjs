import ts from 'typescript';
const entries = { '.': 'src/index.ts', './testing': 'src/testing/index.ts', './server': 'src/server/index.ts' };
const program = ts.createProgram(Object.values(entries), { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, jsx: ts.JsxEmit.ReactJSX, skipLibCheck: true, noEmit: true, types: [] });
const checker = program.getTypeChecker();
for (const [name, file] of Object.entries(entries)) {
  const sf = program.getSourceFile(file);
  const exps = checker.getExportsOfModule(checker.getSymbolAtLocation(sf));
  const rows = exps.map((s) => { const t = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s; const isValue = (t.flags & ts.SymbolFlags.Value) !== 0; return `${isValue ? 'v' : 't'} ${s.name} <- ${t.declarations?.[0]?.getSourceFile().fileName.replace(process.cwd() + '/', '')}`; }).sort();
  console.log(name, rows.length); for (const r of rows) console.log('  ', r);
}
