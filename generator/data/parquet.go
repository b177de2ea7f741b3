package data

import (
	"io"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// parquetRow is a row as parquet-go writes it: the columns of Fields, in
// order, with their types: integers as INT32, numbers as DOUBLE, codes and
// text as UTF-8 strings, dates as DATE, all but the required ones
// optional (nil for an empty cell). A test holds it to Fields.
type parquetRow struct {
	Batch        int32    `parquet:"batch"`
	Seq          int32    `parquet:"seq"`
	Province     string   `parquet:"province"`
	ProvinceEN   *string  `parquet:"province_en,optional"`
	ProvinceCode *string  `parquet:"province_code,optional"`
	Area         string   `parquet:"area"`
	AreaEN       *string  `parquet:"area_en,optional"`
	DivisionCode *string  `parquet:"division_code,optional"`
	Level        *string  `parquet:"level,optional"`
	Latitude     *float64 `parquet:"latitude,optional"`
	Longitude    *float64 `parquet:"longitude,optional"`
	Note         *string  `parquet:"note,optional"`
	IssuedOn     int32    `parquet:"issued_on,date"` // days since 1970-01-01
	SourceURL    string   `parquet:"source_url"`
	List         string   `parquet:"list"`
	GCJLatitude  *float64 `parquet:"gcj02_latitude,optional"`
	GCJLongitude *float64 `parquet:"gcj02_longitude,optional"`
}

// parquetCreatedBy is the file's created_by, in the form Parquet's own
// writers use (parquet-mr version 1.13.1 (build …)): the library that
// writes the file, its version in go.mod (a test holds them together),
// and this project. It does not change from build to build.
const parquetCreatedBy = "parquet-go version 0.32.0 (build github.com/bianmin-data/pilots)"

// parquetRows is how many rows are written at once.
const parquetRows = 4096

// WriteParquet writes the table as Parquet: typed columns (parquetRow),
// compressed with Snappy (the default of most Parquet writers; zstd,
// whose encoder is costly to make, took a fifth of the seed's build), and
// created by parquetCreatedBy, so that its bytes depend on the rows alone.
func WriteParquet(w io.Writer, t *Table) error {
	pw := parquet.NewGenericWriter[parquetRow](w,
		parquet.Compression(&snappy.Codec{}),
		&parquet.WriterConfig{CreatedBy: parquetCreatedBy})
	buf := make([]parquetRow, 0, min(len(t.Rows), parquetRows))
	for i := range t.Rows {
		buf = append(buf, newParquetRow(&t.Rows[i]))
		if len(buf) == cap(buf) {
			if _, err := pw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		if _, err := pw.Write(buf); err != nil {
			return err
		}
	}
	return pw.Close()
}

// newParquetRow fills a parquetRow from p, field by field of Fields.
func newParquetRow(p *Row) parquetRow {
	var r parquetRow
	v := reflect.ValueOf(&r).Elem()
	for i := range Fields {
		f, col := &Fields[i], v.Field(i)
		switch {
		case f.Int != nil:
			col.SetInt(int64(f.Int(p)))
		case f.Number != nil:
			if x, ok := f.Number(p); ok {
				col.Set(reflect.ValueOf(&x))
			}
		case f.Date != nil:
			col.SetInt(f.Date(p).Unix() / 86400)
		case col.Kind() == reflect.Pointer:
			if s := f.String(p); s != "" {
				col.Set(reflect.ValueOf(&s))
			}
		default:
			col.SetString(f.String(p))
		}
	}
	return r
}
