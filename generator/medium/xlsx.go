package medium

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A workbook (.xlsx), read through excelize: each sheet a table, its rows
// streamed (excelize's Rows), each cell placed as "名单!C7". A merged cell
// holds its value in its top-left cell only, so a province merged over
// its rows is printed once, and package notice carries it down. The list
// is the first sheet with a row that starts with 序号 (listRows).
//
// excelize's Rows steps through every row number up to the last, and
// gives each row's cells up to its last column, blanks between: a row
// whose one cell is in column XFD costs 16,384 steps and blanks, a sheet
// whose one row is numbered 1,048,576 a million steps. So excelize reads
// a copy of the workbook whose worksheets have lost the r attributes of
// their rows and cells (densify): it numbers them one after the other,
// and where each row and cell was is kept beside it, to place them.
// Every row and cell present is then visited once, and no other.
//
// Bounds: the workbook's parts may unpack to at most maxUnpacked bytes
// (excelize's UnzipSizeLimit, and the worksheets, the workbook and its
// relationships as densify reads them), their elements nest at most
// maxNesting deep, and its sheets hold at most maxCells cells with text.
// Time and memory are linear in the unpacked parts: a step for each row
// and each cell present (counted in work), however far apart they are.
func readXlsx(data []byte, w *work) ([][][]cell, error) {
	dense, sheets, err := densifyWorkbook(data)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(dense), excelize.Options{UnzipSizeLimit: maxUnpacked, UnzipXMLSizeLimit: maxUnpacked})
	if err != nil {
		return nil, fmt.Errorf("not a workbook: %v", err)
	}
	tables, err := readSheets(f, sheets, w)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return tables, err
}

// readSheets reads the sheets of f, counting their work in w.
func readSheets(f *excelize.File, sheets []sheetPlaces, w *work) ([][][]cell, error) {
	var tables [][][]cell
	cells := 0
	for si, s := range sheets {
		rows, err := f.Rows(s.name)
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %v", s.name, err)
		}
		table, err := sheet(rows, s, si, &cells, w)
		if err = errors.Join(err, rows.Close()); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return tables, nil
}

// sheet reads the rows of the sheet s, the si-th, counting its cells with
// text in cells and every row and cell in w.
func sheet(rows *excelize.Rows, s sheetPlaces, si int, cells *int, w *work) ([][]cell, error) {
	var table [][]cell
	for k := 0; rows.Next(); k++ {
		w.rows++
		if k >= len(s.rows) {
			return nil, fmt.Errorf("sheet %q: more rows than its worksheet holds", s.name)
		}
		r := s.rows[k]
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("sheet %q row %d: %v", s.name, r, err)
		}
		var row []cell
		for i, v := range cols {
			w.cells++
			if v = cellText(v); v == "" {
				continue
			}
			if i >= len(s.cols[k]) {
				return nil, fmt.Errorf("sheet %q row %d: more cells than its worksheet holds", s.name, r)
			}
			if *cells++; *cells > maxCells {
				return nil, errTooMany
			}
			c := s.cols[k][i]
			ref, _ := excelize.CoordinatesToCellName(c, r)
			row = append(row, cell{text: v, place: s.name + "!" + ref, order: si<<42 | r<<21 | c}) // 21 bits of row: Excel's last is 1<<20
		}
		if row != nil {
			table = append(table, row)
		}
	}
	return table, nil
}

// sheetPlaces is a sheet of a densified workbook and where its rows and
// cells were: the number of each row element, and the column of each of
// its cell elements.
type sheetPlaces struct {
	name string
	rows []int
	cols [][]int
}

// relationships is an OPC part's relationships.
type relationships struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// densifyWorkbook returns the workbook data with its worksheets densified
// (densify), and its sheets in order, each with where its rows and cells
// were. The worksheets are found as excelize finds them: the workbook
// part named by _rels/.rels, its sheets' parts by the workbook's own
// relationships.
func densifyWorkbook(data []byte) ([]byte, []sheetPlaces, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, fmt.Errorf("not a workbook: %v", err)
	}
	parts := &workbookParts{files: map[string]*zip.File{}}
	for _, f := range z.File {
		parts.files[f.Name] = f
	}
	wbPath, wb, rels, err := parts.workbook()
	if err != nil {
		return nil, nil, err
	}
	sheets, dense, err := parts.densifySheets(wbPath, wb, rels)
	if err != nil {
		return nil, nil, err
	}
	out, err := rezip(z, dense)
	if err != nil {
		return nil, nil, err
	}
	return out, sheets, nil
}

// workbookParts reads the parts of a workbook's zip, by name, at most
// maxUnpacked bytes in all.
type workbookParts struct {
	files    map[string]*zip.File
	unpacked int64 // the bytes read so far
}

// read returns the unpacked part name, nil when there is none.
func (wp *workbookParts) read(name string) ([]byte, error) {
	f := wp.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > maxUnpacked {
		return nil, errTooLarge
	}
	r, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	part, err := io.ReadAll(io.LimitReader(r, maxUnpacked-wp.unpacked+1))
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	if wp.unpacked += int64(len(part)); wp.unpacked > maxUnpacked {
		return nil, errTooLarge
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return part, nil
}

// unmarshal decodes the XML part name into v, which it leaves as it is
// when there is no such part.
func (wp *workbookParts) unmarshal(name string, v any) error {
	part, err := wp.read(name)
	if err == nil && part != nil {
		if err = xml.Unmarshal(part, v); err != nil {
			err = fmt.Errorf("not a workbook: %s: %v", name, err)
		}
	}
	return err
}

// workbook is what a workbook part says of its sheets: their names and
// relationships, in order.
type workbook struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		ID   string `xml:"id,attr"` // r:id, in either namespace
	} `xml:"sheets>sheet"`
}

// workbook returns the path of the workbook part, as _rels/.rels names it
// (its officeDocument), what it says of its sheets, and its own
// relationships.
func (wp *workbookParts) workbook() (string, workbook, relationships, error) {
	var root relationships
	if err := wp.unmarshal("_rels/.rels", &root); err != nil {
		return "", workbook{}, relationships{}, err
	}
	wbPath := ""
	for _, r := range root.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wbPath = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	var wb workbook
	var rels relationships
	err := errors.Join(wp.unmarshal(wbPath, &wb), wp.unmarshal(path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels"), &rels))
	return wbPath, wb, rels, err
}

// densifySheets returns the sheets of the workbook wb, at wbPath, in
// order, each with where its rows and cells were, and the densified
// worksheet parts by path. Two sheets of one part share its places; two
// whose names differ only in case are refused, as excelize mixes them up.
func (wp *workbookParts) densifySheets(wbPath string, wb workbook, rels relationships) ([]sheetPlaces, map[string][]byte, error) {
	var sheets []sheetPlaces
	dense := map[string][]byte{}
	byPath := map[string]sheetPlaces{}
	for _, s := range wb.Sheets {
		for _, other := range sheets {
			if strings.EqualFold(other.name, s.Name) {
				return nil, nil, fmt.Errorf("two sheets are named %q and %q, which excelize does not tell apart: rename one", other.name, s.Name)
			}
		}
		part := ""
		for _, r := range rels.Rel {
			if r.ID == s.ID {
				part = worksheetPath(wbPath, r.Target)
			}
		}
		if p, ok := byPath[part]; ok {
			p.name = s.Name
			sheets = append(sheets, p)
			continue
		}
		xmlPart, err := wp.read(part)
		if err != nil {
			return nil, nil, err
		}
		p := sheetPlaces{name: s.Name}
		if xmlPart != nil {
			if dense[part], err = densify(xmlPart, &p); err != nil {
				return nil, nil, fmt.Errorf("sheet %q: %v", s.Name, err)
			}
		}
		sheets = append(sheets, p)
		byPath[part] = p
	}
	return sheets, dense, nil
}

// rezip returns the zip z again, each part of dense stored in place of
// the part of that name, the others copied as they are.
func rezip(z *zip.Reader, dense map[string][]byte) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range z.File {
		if part, ok := dense[f.Name]; ok {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
			if err == nil {
				_, err = w.Write(part)
			}
			if err != nil {
				return nil, err
			}
			continue
		}
		if err := zw.Copy(f); err != nil {
			return nil, fmt.Errorf("not a workbook: %v", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// worksheetPath is the part a worksheet relationship's target names, as
// excelize resolves it: from the workbook's folder, or from the root.
func worksheetPath(wbPath, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Dir(wbPath)+"/"+target), "/")
}

// densify returns the worksheet part with the r attributes of its rows and
// cells dropped, and records in p the number of each row and the column
// of each cell, as excelize would have read them: a row (any row element
// before the end of sheetData) numbered by its r, or following the one
// before; a cell (a c element in a row, not in another c) in the column
// of its r, or following the one before.
func densify(part []byte, p *sheetPlaces) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(part))
	var out bytes.Buffer
	copied := int64(0)
	depth, inCell := 0, 0 // inCell: the depth of the cell being read, 0 outside one
	row, col := 0, 0
	for {
		start := dec.InputOffset()
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxNesting {
				return nil, errTooDeep
			}
			switch {
			case t.Name.Local == "row" && inCell == 0:
				n, err := strconv.Atoi(attr(t, "r"))
				switch {
				case err != nil || n < 1:
					row++
				case n > excelize.TotalRows:
					return nil, excelize.ErrMaxRows
				default:
					row = n
				}
				p.rows = append(p.rows, row)
				p.cols = append(p.cols, nil)
				col = 0
			case t.Name.Local == "c" && inCell == 0 && len(p.rows) > 0:
				inCell = depth
				col++
				if r := attr(t, "r"); r != "" {
					if col, _, err = excelize.CellNameToCoordinates(r); err != nil {
						return nil, fmt.Errorf("row %d: %v", row, err)
					}
				}
				k := len(p.cols) - 1
				p.cols[k] = append(p.cols[k], col)
			default:
				continue
			}
			// The start tag again, without r.
			end := dec.InputOffset()
			out.Write(part[copied:start])
			out.WriteByte('<')
			writeName(&out, t.Name)
			for _, a := range t.Attr {
				if a.Name.Local == "r" {
					continue
				}
				out.WriteByte(' ')
				writeName(&out, a.Name)
				out.WriteString(`="`)
				if err := xml.EscapeText(&out, []byte(a.Value)); err != nil {
					return nil, err
				}
				out.WriteByte('"')
			}
			if bytes.HasSuffix(part[start:end], []byte("/>")) {
				out.WriteByte('/')
			}
			out.WriteByte('>')
			copied = end
		case xml.EndElement:
			if depth == inCell {
				inCell = 0
			}
			depth--
			if t.Name.Local == "sheetData" {
				out.Write(part[copied:])
				return out.Bytes(), nil
			}
		}
	}
	out.Write(part[copied:])
	return out.Bytes(), nil
}

// writeName writes an element's or attribute's name as it was written.
func writeName(b *bytes.Buffer, n xml.Name) {
	if n.Space != "" {
		b.WriteString(n.Space)
		b.WriteByte(':')
	}
	b.WriteString(n.Local)
}
