package data

import (
	"io"
	"strconv"
)

// Format is one download format of a table, as data: its name, the file it
// is written to, its media type and its writer.
type Format struct {
	Name      string // shown to people: "CSV", "XLSX" …
	File      string // file name within the table's folder
	MediaType string
	For       string // one line on who the file is for
	ForZH     string // the same in Chinese
	Write     func(w io.Writer, t *Table) error

	// Cut, for a format whose rows are the same bytes in any table's file
	// (CSV, JSON), writes the file of t like Write and returns, by batch
	// number, the ranges of that file which, put end to end, are the file
	// of that batch alone: each row is encoded once, not once per file it
	// is in. Nil for other formats (XLSX).
	Cut func(w io.Writer, t *Table) (map[int][]Range, error)
}

// Range is the bytes [From, To) of a file.
type Range struct{ From, To int64 }

// CSVFile is the canonical table's file name, the one that metadata
// describes and recipes load.
const CSVFile = "pilots.csv"

// Formats are the data files written for every table, in the order they are
// listed on the site.
var Formats = []Format{
	{"CSV", CSVFile, "text/csv",
		"the canonical table: RFC 4180, UTF-8, for pandas, R and databases",
		"规范表格：RFC 4180、UTF-8，供 pandas、R 和数据库使用",
		WriteCSV, cutCSV},
	{"CSV (Excel)", "pilots.excel.csv", "text/csv",
		"the same for spreadsheets: UTF-8 with BOM, CRLF, formula-safe",
		"同一表格，供电子表格使用：UTF-8 带 BOM、CRLF 换行、防公式注入",
		WriteExcelCSV, cutExcelCSV},
	{"XLSX", "pilots.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"a workbook with the table, the data dictionary and the sources",
		"工作簿：名单、数据字典和来源",
		WriteXLSX, nil},
	{"JSON", "pilots.json", "application/json",
		"an array of objects for programs and web pages",
		"对象数组，供程序和网页使用",
		WriteJSON, cutJSON},
	{"GeoJSON", "pilots.geojson", "application/geo+json",
		"the seat points for maps and GIS (QGIS, geopandas, R sf): a Feature per pilot, the row of pilots.json as its properties",
		"政府驻地点位，供地图和 GIS（QGIS、geopandas、R sf）使用：每个试点一个 Feature，属性即 pilots.json 中的一行",
		WriteGeoJSON, cutGeoJSON},
	{"JSON Schema", "pilots.schema.json", "application/schema+json",
		"the schema of pilots.json, for validators",
		"pilots.json 的 JSON Schema，供校验工具使用",
		WriteSchema, nil},
}

// File is a written file and what its metadata needs to know about it.
type File struct {
	Path      string // relative to the site's root, with forward slashes
	Name      string // format name
	MediaType string
	Bytes     int64
	SHA256    string // lowercase hex
	Table     *Table
}

// Size returns the file size for people: 12.3 KB.
func (f File) Size() string {
	switch {
	case f.Bytes < 1000:
		return strconv.FormatInt(f.Bytes, 10) + " B"
	case f.Bytes < 1000*1000:
		return strconv.FormatFloat(float64(f.Bytes)/1000, 'f', 1, 64) + " KB"
	default:
		return strconv.FormatFloat(float64(f.Bytes)/1e6, 'f', 1, 64) + " MB"
	}
}

// runs returns where each run of rows of one batch starts in pilots, and
// len(pilots) last. The rows are sorted by batch: one run per batch.
func runs(pilots []Pilot) []int {
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
