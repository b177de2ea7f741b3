// Reads a workbook with exceljs and with SheetJS, as web and Node users
// do, and prints, for each reader, the rows of the first sheet as
// tab-separated text, after a line naming the reader and its row count.
// Usage: node workbook_check.js <workbook.xlsx>
process.env.TZ = "UTC"; // dates as the CSV has them
const path = process.argv[2];
const ExcelJS = require("exceljs");
const XLSX = require("xlsx");

function text(v) {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0];
  const rows = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(text(row.getCell(c).value));
    rows.push(cells.join("\t"));
  });
  console.log(`exceljs\t${rows.length}\t${wb.worksheets.map((w) => w.name).join(",")}`);
  rows.forEach((r) => console.log(r));

  const book = XLSX.readFile(path, { cellDates: true });
  const sheet = book.Sheets[book.SheetNames[0]];
  const data = XLSX.utils.sheet_to_json(sheet, { header: 1, raw: true, defval: null });
  console.log(`sheetjs\t${data.length}\t${book.SheetNames.join(",")}`);
  data.forEach((r) => console.log(r.map(text).join("\t")));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
