// Loads a Frictionless Data Package with the datapackage library and reads
// every resource with type casting, printing each resource's name, row
// count and the JavaScript types of its first row.
const { Package } = require("datapackage");
(async () => {
  const pkg = await Package.load(process.argv[2]);
  if (!pkg.valid) throw new Error("invalid package: " + pkg.errors.join("; "));
  const out = [];
  for (const r of pkg.resources) {
    const rows = await r.read({ cast: true, keyed: true });
    const first = rows[0] || {};
    const types = {};
    for (const [k, v] of Object.entries(first)) types[k] = v === null ? "null" : v instanceof Date ? "date" : typeof v;
    out.push({ name: r.name, rows: rows.length, types, area: first.area, batch: first.batch });
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e.errors || e); process.exit(1); });
