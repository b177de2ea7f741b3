package data

import (
	"io"
	"reflect"
	"sync"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// parquetSchema is the schema of every Parquet file: the columns of
// Fields, in order, with their types: integers as INT32, numbers as
// DOUBLE, codes and text as UTF-8 strings, dates as DATE, all but the
// required ones optional (null for an empty cell). It is made from a
// struct that structOf makes from Fields, so the columns are declared
// once. Its root keeps the name it had when the struct was written out
// by hand, so the files keep their bytes.
var parquetSchema = parquet.NewSchema("parquetRow", parquet.SchemaOf(reflect.New(structOf(func(f *Field) (reflect.Type, string) {
	tag := `parquet:"` + f.Name
	switch {
	case f.Int != nil:
		return reflect.TypeFor[int32](), tag + `"`
	case f.Date != nil:
		return reflect.TypeFor[int32](), tag + `,date"` // days since 1970-01-01
	case f.Number != nil:
		return reflect.TypeFor[*float64](), tag + `,optional"`
	case f.Required:
		return reflect.TypeFor[string](), tag + `"`
	}
	return reflect.TypeFor[*string](), tag + `,optional"`
})).Interface()))

// parquetCreatedBy is the file's created_by, in the form Parquet's own
// writers use (parquet-mr version 1.13.1 (build …)): the library that
// writes the file, its version in go.mod (a test holds them together),
// and this project. It does not change from build to build.
const parquetCreatedBy = "parquet-go version 0.32.0 (build github.com/bianmin-data/pilots)"

// parquetRows is how many rows are written at once.
const parquetRows = 4096

// parquetBuffers keep the rows a file is written through, their values
// included, for the next file: a build writes one Parquet file per table,
// and making them anew was a fifth of a million-row build's allocations.
var parquetBuffers = sync.Pool{New: func() any {
	rows := make([]parquet.Row, parquetRows)
	return &rows
}}

// WriteParquet writes the table as Parquet: typed columns (parquetRow),
// compressed with Snappy (the default of most Parquet writers; zstd,
// whose encoder is costly to make, took a fifth of the seed's build), and
// created by parquetCreatedBy, so that its bytes depend on the rows alone.
func WriteParquet(w io.Writer, t *Table) error {
	pw := parquet.NewWriter(w, parquetSchema,
		parquet.Compression(&snappy.Codec{}),
		&parquet.WriterConfig{CreatedBy: parquetCreatedBy})
	buf := parquetBuffers.Get().(*[]parquet.Row)
	defer parquetBuffers.Put(buf)
	rows := *buf
	for from := 0; from < len(t.Rows); from += parquetRows {
		batch := rows[:min(parquetRows, len(t.Rows)-from)]
		for i := range batch {
			batch[i] = appendParquetRow(batch[i][:0], &t.Rows[from+i])
		}
		if _, err := pw.WriteRows(batch); err != nil {
			return err
		}
	}
	return pw.Close()
}

// appendParquetRow appends the values of p's columns to row, one per
// field of Fields, in order: a column's index is its field's, an optional
// column's definition level 1 when it holds a value and 0 for null.
// Strings are not copied: the writer copies them into its pages before
// the row is reused.
func appendParquetRow(row parquet.Row, p *Row) parquet.Row {
	for i := range Fields {
		f := &Fields[i]
		var v parquet.Value
		defined := 0
		switch {
		case f.Int != nil:
			v = parquet.Int32Value(int32(f.Int(p)))
		case f.Date != nil:
			v = parquet.Int32Value(int32(f.Date(p).Unix() / 86400))
		case f.Number != nil:
			if x, ok := f.Number(p); ok {
				v, defined = parquet.DoubleValue(x), 1
			}
		default:
			if s := f.String(p); s != "" || f.Required {
				v = parquet.ByteArrayValue(unsafe.Slice(unsafe.StringData(s), len(s)))
				if !f.Required {
					defined = 1
				}
			}
		}
		row = append(row, v.Level(0, defined, i))
	}
	return row
}
