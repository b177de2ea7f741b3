package data

import (
	"io"
	"path"
	"strings"

	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/settings"
	"github.com/xuri/excelize/v2"
)

// Kind tells what an output is: a table in some format, a file that
// describes the tables, or the checksums of the rest. Write writes them in
// that order, since each kind describes the ones before it.
type Kind int

const (
	DataFile  Kind = iota // the table itself, in one format
	Metadata              // describes the data files: Data Package, DCAT catalog
	Checksums             // SHA256SUMS of every file beside and below it
)

// Output is one file written for a table, as data: its name, the file it
// is written to, its media type and its writer.
type Output struct {
	ID        string // stable identifier, for page copy and tests: csv, excel-csv, xlsx …
	Name      string // the format's name, shown to people: CSV, XLSX …
	NameZH    string // its name on Chinese pages, where it is not Name
	Ext       string // of a file named after its table (pilots.csv): .csv; "" for File
	File      string // the file's name within the table's folder, when it is not named after the table
	MediaType string // IANA media type, served and declared in the metadata
	FileType  string // the EU file-type vocabulary's name for the format: CSV, XLSX …
	About     string // what the file is, in a sentence, for the catalog
	Kind      Kind
	AllOnly   bool // written for the table of every batch only (the catalog)
	Titled    bool // its bytes name its table (a title), so no table's file is another's
	MaxRows   int  // the most rows a file holds (a worksheet's); a table of more has none in this format; 0 for no bound

	write func(w io.Writer, in *input) error

	// cut, for a format whose rows are the same bytes in any table's file
	// (CSV, JSON), writes the file of t like write and returns, by batch
	// number, the ranges of that file which, put end to end, are the file
	// of that batch alone: each row is encoded once, not once per file it
	// is in. Nil for other formats (XLSX).
	cut func(w io.Writer, t *Table) (map[int][]Range, error)
	// join is what separates two runs of rows in a file that is cut: ","
	// between the objects of JSON.
	join string
}

// input is what a writer may read: its table, and for metadata the files
// written before it.
type input struct {
	table   *Table
	set     *Set   // the table's files written so far
	all     []*Set // every table's, for the catalog
	baseURL string // the site's absolute address, ending in a slash
	pub     settings.Publisher
	shared  *sharedCells // the workbook cells of the table's kind, or nil
	record  *sheetCopy   // the one kind's table, while it has every row: where its workbook notes its data sheet
	like    *sheetCopy   // the combined table, while one kind has every row: that kind's data sheet
}

// cells returns the workbook cells of the input's table: its kind's,
// made once for all the workbooks of that kind, or its own.
func (in *input) cells() (*Cells, error) {
	if in.shared != nil {
		return in.shared.get()
	}
	return newCells(in.table)
}

// under returns every file written so far in the folder dir or below it.
func (in *input) under(dir string) []File {
	var files []File
	for _, s := range in.all {
		for _, f := range s.Files {
			if strings.HasPrefix(f.Path, dir+"/") {
				files = append(files, f)
			}
		}
	}
	return files
}

// Range is the bytes [From, To) of a file.
type Range struct{ From, To int64 }

// Title is the format's name in the language lang (zh, en).
func (o *Output) Title(lang string) string {
	if lang == "zh" && o.NameZH != "" {
		return o.NameZH
	}
	return o.Name
}

// FileFor is the name of the output's file for table t: pilots.csv,
// pioneer-zones.csv, datapackage.json.
func (o *Output) FileFor(t *Table) string {
	if o.Ext == "" {
		return o.File
	}
	return t.Base() + o.Ext
}

// CSVFile is the canonical table's file name for the national pilots, the
// one that recipes load.
const CSVFile = "pilots.csv"

// Outputs are the files written for every table, in the order they are
// listed on the site.
var Outputs = []*Output{
	{ID: "csv", Name: "CSV", Ext: ".csv", MediaType: "text/csv", FileType: "CSV", Kind: DataFile,
		About: "The table as CSV: RFC 4180, UTF-8 without a byte order mark, a header row, the data unaltered.",
		write: table(WriteCSV), cut: cutCSV},
	{ID: "excel-csv", Name: "CSV (Excel)", NameZH: "CSV（Excel 版）", Ext: ".excel.csv", MediaType: "text/csv", FileType: "CSV", Kind: DataFile,
		About: "The table as CSV for spreadsheets: UTF-8 with a byte order mark, CRLF line ends, cells that could be taken for formulas prefixed with an apostrophe.",
		write: table(WriteExcelCSV), cut: cutExcelCSV},
	// The workbook names its table (its sheet, its title), so the
	// combined table's is its own, from the cells of every kind's.
	{ID: "xlsx", Name: "XLSX", Ext: ".xlsx", MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileType: "XLSX", Kind: DataFile, Titled: true, MaxRows: excelize.TotalRows - 1,
		About: "The table as a workbook: the rows, the data dictionary and the sources, each on a sheet.",
		write: func(w io.Writer, in *input) error {
			cells, err := in.cells()
			if err != nil {
				return err
			}
			return writeXLSX(w, in.table, cells, in.record, in.like, in.pub)
		}},
	{ID: "json", Name: "JSON", Ext: ".json", MediaType: "application/json", FileType: "JSON", Kind: DataFile,
		About: "The table as a JSON array of objects, null for absent values.",
		write: table(WriteJSON), cut: cutJSON, join: ","},
	{ID: "geojson", Name: "GeoJSON", Ext: ".geojson", MediaType: "application/geo+json", FileType: "GEOJSON", Kind: DataFile,
		About: "The seat points as a GeoJSON FeatureCollection (RFC 7946, WGS-84), the rows as properties.",
		write: table(WriteGeoJSON), cut: cutGeoJSON, join: ","},
	{ID: "parquet", Name: "Parquet", Ext: ".parquet", MediaType: "application/vnd.apache.parquet", FileType: "PARQUET", Kind: DataFile,
		About: "The table as Parquet, for DuckDB, polars and Arrow: typed columns (codes as strings, integers, doubles, dates), compressed with Snappy.",
		write: table(WriteParquet)},
	{ID: "schema", Name: "JSON Schema", Ext: ".schema.json", MediaType: "application/schema+json", FileType: "JSON", Kind: DataFile, Titled: true,
		About: "The JSON Schema (draft 2020-12) of the JSON file.",
		write: table(WriteSchema)},
	{ID: "datapackage", Name: "Data Package", NameZH: "数据包（Data Package）", File: "datapackage.json", MediaType: "application/json", FileType: "JSON", Kind: Metadata,
		write: func(w io.Writer, in *input) error {
			return writeDataPackage(w, in.table, in.set.Files, in.baseURL, in.pub)
		}},
	{ID: "catalog", Name: "DCAT catalog", NameZH: "DCAT 目录", File: "catalog.jsonld", MediaType: "application/ld+json", FileType: "JSON_LD", Kind: Metadata, AllOnly: true,
		write: func(w io.Writer, in *input) error { return writeCatalog(w, in.all, in.baseURL, in.pub) }},
	{ID: "sums", Name: "SHA256SUMS", File: "SHA256SUMS", MediaType: "text/plain", FileType: "TXT", Kind: Checksums,
		write: func(w io.Writer, in *input) error { return writeSums(w, in.under(in.table.Dir()), in.table.Dir()) }},
}

// table adapts a writer of a table alone to an Output's writer.
func table(write func(io.Writer, *Table) error) func(io.Writer, *input) error {
	return func(w io.Writer, in *input) error { return write(w, in.table) }
}

// File is a written file and what its metadata needs to know about it.
type File struct {
	Path   string // relative to the site's root, with forward slashes
	Output *Output
	Bytes  int64
	SHA256 string // lowercase hex
}

// Base is the file's name, without its folder.
func (f File) Base() string { return path.Base(f.Path) }

// Set is a table and the files written for it, in the order of Outputs.
type Set struct {
	Table *Table
	Files []File
}

// Downloads is every file Write wrote: the set of the table of every
// batch first, then one set per batch, in batch order.
type Downloads struct{ Sets []*Set }

// Set returns the set of the table id; nil when there is none.
func (d *Downloads) Set(id lists.Table) *Set {
	for _, s := range d.Sets {
		if s.Table.Table == id {
			return s
		}
	}
	return nil
}

// Wait returns d: downloads already written, where the pages wait for
// those being written (site.Site.Downloads).
func (d *Downloads) Wait() (*Downloads, error) { return d, nil }

// runs returns where each run of rows of one batch starts in pilots, and
// len(pilots) last. The rows are sorted by batch: one run per batch.
func runs(pilots []Row) []int {
	var starts []int
	for i := range pilots {
		if i == 0 || pilots[i].Batch != pilots[i-1].Batch {
			starts = append(starts, i)
		}
	}
	return append(starts, len(pilots))
}

// offsetWriter counts the bytes that pass through it to w, so that a
// writer buffered above it knows its offset in the file: n plus what the
// buffer holds.
type offsetWriter struct {
	w io.Writer
	n int64
}

func (o *offsetWriter) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	o.n += int64(n)
	return n, err
}
