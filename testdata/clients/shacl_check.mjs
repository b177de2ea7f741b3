// Validates a DCAT catalog in JSON-LD against SHACL shapes (the DCAT-AP
// 3.0.1 shapes), offline, with rdf-validate-shacl, and prints one line per
// result: its severity, focus node, path and message; then a summary line.
// Usage: node shacl_check.mjs <catalog.jsonld> <shapes.ttl>...
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// The packages are in .ci/node_modules, on NODE_PATH, which import does
// not search: they are resolved through it, then imported.
const require = createRequire(join(process.env.NODE_PATH, "x.js"));
const load = async (name) => (await import(pathToFileURL(require.resolve(name)))).default;
const rdf = await load("@zazuko/env-node");
const SHACLValidator = await load("rdf-validate-shacl");

const [catalog, ...shapeFiles] = process.argv.slice(2);
const shapes = rdf.dataset();
for (const f of shapeFiles) {
  await shapes.import(rdf.fromFile(f));
}
const data = await rdf.dataset().import(rdf.fromFile(catalog, { implicit: { "content-type": "application/ld+json" } }));
const validator = new SHACLValidator(shapes, { factory: rdf });
const report = await validator.validate(data);
for (const r of report.results) {
  const sev = r.severity ? r.severity.value.split("#").pop() : "?";
  const path = r.path ? r.path.value : "";
  const msg = r.message.map((m) => m.value).join("; ");
  console.log(`${sev}\t${r.focusNode ? r.focusNode.value : ""}\t${path}\t${msg}`);
}
console.log(`conforms=${report.conforms} results=${report.results.length} triples=${data.size}`);
