// Validates an AsyncAPI document with the official AsyncAPI parser (the one `asyncapi validate` uses): schema,
// references and the parser's Spectral rules. Exits 1 on any error; warnings are printed.
import { Parser, fromFile } from '@asyncapi/parser';

const file = process.argv[2] ?? 'asyncapi.yaml';
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, file).parse();
const severities = ['error', 'warning', 'info', 'hint'];
let errors = 0;
for (const d of diagnostics) {
  const severity = severities[d.severity] ?? String(d.severity);
  if (d.severity === 0) errors++;
  console.log(`${file}:${(d.range?.start?.line ?? 0) + 1} ${severity} ${d.code}: ${d.message} (${(d.path ?? []).join('.')})`);
}
if (errors > 0 || !document) {
  console.error(`${file}: ${errors} error(s): not a valid AsyncAPI document`);
  process.exit(1);
}
const channels = document.channels().length;
const operations = document.operations().length;
const messages = document.components().messages().length;
console.log(`${file}: valid AsyncAPI ${document.version()} — ${channels} channels, ${operations} operations, ${messages} messages`);
