// Renders the AsyncAPI document as one static HTML page (topics, keys, who sends and receives, payload schemas),
// from the parsed document, without a browser or a template engine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';

const [file = 'asyncapi.yaml', out = 'docs/events.html'] = process.argv.slice(2);
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
if (!document) {
  console.error(diagnostics.map((d) => d.message).join('\n'));
  process.exit(1);
}
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const json = (v) => esc(JSON.stringify(v, null, 2));
let html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(document.info().title())}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.6rem;overflow:auto}</style>
</head><body><h1>${esc(document.info().title())} ${esc(document.info().version())}</h1><p>${esc(document.info().description())}</p>
<h2>Topics</h2><table><tr><th>topic</th><th>partitions</th><th>cleanup</th><th>senders</th><th>receivers</th><th>messages</th></tr>`;
for (const channel of document.channels()) {
  const kafka = channel.bindings().get('kafka')?.value() ?? {};
  const ops = channel.operations();
  const by = (action) => ops.filter((o) => o.action() === action).map((o) => o.tags().all().map((t) => t.name()).join()).join(', ');
  html += `<tr><td><a href="#${esc(channel.id())}">${esc(channel.address())}</a></td><td>${esc(kafka.partitions)}</td>
<td>${esc((kafka.topicConfiguration?.['cleanup.policy'] ?? []).join())} ${kafka.topicConfiguration?.['retention.ms'] ? esc(kafka.topicConfiguration['retention.ms'] / 86400000) + ' d' : ''}</td>
<td>${esc(by('send'))}</td><td>${esc(by('receive'))}</td><td>${channel.messages().all().map((m) => esc(m.name())).join('<br>')}</td></tr>`;
}
html += '</table>';
for (const channel of document.channels()) {
  html += `<h2 id="${esc(channel.id())}">${esc(channel.address())}</h2><p>${esc(channel.description())}</p>`;
  for (const message of channel.messages()) {
    html += `<h3>${esc(message.name())}</h3><p>${esc(message.summary())}</p><pre>${json(message.payload().json())}</pre>`;
  }
}
html += '</body></html>\n';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`wrote ${out}`);
