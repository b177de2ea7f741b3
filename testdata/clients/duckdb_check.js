// Reads a table's CSV (with the data dictionary's types, given as a JSON
// object of column: DuckDB type), its JSON and its Parquet with DuckDB, as
// analysts do, and checks that the three are the same rows; prints the
// Parquet columns' types and the row count.
// Usage: node duckdb_check.js <folder> <stem> <types.json>
const { DuckDBInstance } = require("@duckdb/node-api");
const [folder, stem, typesJSON] = process.argv.slice(2);
const types = JSON.parse(typesJSON);
const q = (s) => "'" + s.replace(/'/g, "''") + "'";
(async () => {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const cols = "{" + Object.entries(types).map(([k, v]) => `${q(k)}: ${q(v)}`).join(", ") + "}";
  const names = Object.keys(types).map((k) => `"${k}"`).join(", ");
  await con.run(`CREATE TABLE c AS SELECT ${names} FROM read_csv(${q(folder + "/" + stem + ".csv")}, header = true, columns = ${cols}, nullstr = '')`);
  await con.run(`CREATE TABLE j AS SELECT ${names} FROM read_json(${q(folder + "/" + stem + ".json")}, columns = ${cols})`);
  await con.run(`CREATE TABLE p AS SELECT ${names} FROM read_parquet(${q(folder + "/" + stem + ".parquet")})`);
  for (const [a, b] of [["c", "p"], ["p", "c"], ["j", "p"], ["p", "j"]]) {
    const r = await con.runAndReadAll(`SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})`);
    const n = Number(r.getRows()[0][0]);
    if (n !== 0) throw new Error(`${n} rows of ${a} are not in ${b}`);
  }
  const d = await con.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${q(folder + "/" + stem + ".parquet")}))`);
  console.log(d.getRows().map((r) => r.join(" ")).join(", "));
  const n = await con.runAndReadAll("SELECT count(*) FROM p");
  console.log(`ok: ${n.getRows()[0][0]} rows`);
})().catch((e) => { console.error(e); process.exit(1); });
