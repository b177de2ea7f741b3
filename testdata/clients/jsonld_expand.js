// Expands the DCAT catalog with the jsonld library, as a harvester would,
// and prints what it found: each dataset with its title and distributions.
const fs = require("fs");
const jsonld = require("jsonld");
const DCAT = "http://www.w3.org/ns/dcat#", DCT = "http://purl.org/dc/terms/", SPDX = "http://spdx.org/rdf/terms#";
(async () => {
  const doc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const expanded = await jsonld.expand(doc);
  const catalog = expanded.find((n) => (n["@type"] || []).includes(DCAT + "Catalog"));
  if (!catalog) throw new Error("no dcat:Catalog");
  const value = (n, p) => (n[p] || [])[0] && (n[p][0]["@value"] !== undefined ? n[p][0]["@value"] : n[p][0]["@id"]);
  const out = (catalog[DCAT + "dataset"] || []).map((d) => ({
    id: d["@id"],
    type: d["@type"],
    titles: (d[DCT + "title"] || []).map((t) => t["@language"] + ":" + t["@value"]),
    license: value(d, DCT + "license"),
    inSeries: value(d, DCAT + "inSeries"),
    distributions: (d[DCAT + "distribution"] || []).map((x) => ({
      type: x["@type"],
      download: value(x, DCAT + "downloadURL"),
      mediaType: value(x, DCAT + "mediaType"),
      bytes: value(x, DCAT + "byteSize"),
      algorithm: value(x[SPDX + "checksum"][0], SPDX + "algorithm"),
      sha256: value(x[SPDX + "checksum"][0], SPDX + "checksumValue"),
    })),
  }));
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
