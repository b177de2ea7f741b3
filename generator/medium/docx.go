package medium

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A Word file (.docx): its tables, read with encoding/xml from the zip.
//
// Only word/document.xml is read, as a stream of tokens: every top-level
// table (w:tbl) is a list of rows (w:tr) of cells (w:tc), a cell's text its
// runs' w:t. A cell continuing a merged cell downwards (w:vMerge without
// "restart") is empty, so the province printed once is carried down by
// package notice; a cell spanning columns (w:gridSpan) is read once, and
// the columns it covers count in the cells' numbers. A table inside a cell
// adds its text to that cell. Each cell is placed as "table 1 row 3 cell 2".
//
// Bounds: the document part may unpack to at most maxUnpacked bytes (more
// is refused as a zip bomb; a part that unpacks to more than its header
// says, archive/zip refuses as it reads), elements may nest
// at most maxNesting deep, and a file may hold at most maxCells cells; time
// and memory are linear in the unpacked part, each of its tokens read
// once (counted in work).

// maxUnpacked bounds the bytes a part of a zip (a .docx or .xlsx) may
// unpack to: the real annexes' parts are under a megabyte.
const maxUnpacked = 64 << 20

// maxNesting bounds the depth of XML elements: real documents nest a few
// dozen deep.
const maxNesting = 256

// maxCells bounds the cells of a file's tables: a list of a few thousand
// rows has some ten thousand.
const maxCells = 1 << 20

// errTooDeep and the others are the bounds' refusals.
var (
	errTooDeep  = tooComplex(fmt.Sprintf("elements nested more than %d deep", maxNesting))
	errTooMany  = tooComplex(fmt.Sprintf("more than %d table cells", maxCells))
	errTooLarge = tooComplex(fmt.Sprintf("a part unpacks to more than %d MiB (a zip bomb?)", maxUnpacked>>20))
)

// openPart returns the unpacked part name of the zip data, at most
// maxUnpacked bytes.
func openPart(data []byte, name string) ([]byte, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a zip file as .docx and .xlsx are: %v", err)
	}
	for _, f := range z.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > maxUnpacked {
			return nil, errTooLarge
		}
		r, err := f.Open()
		if err != nil {
			return nil, err
		}
		part, err := io.ReadAll(io.LimitReader(r, maxUnpacked+1))
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		switch {
		case err != nil:
			return nil, fmt.Errorf("%s: %v", name, err)
		case len(part) > maxUnpacked:
			return nil, errTooLarge
		}
		return part, nil
	}
	return nil, fmt.Errorf("no %s in the file: it is not a Word document", name)
}

// readDocx returns the tables of the Word file data, counting its work in
// w.
func readDocx(data []byte, w *work) ([][][]cell, error) {
	part, err := openPart(data, "word/document.xml")
	if err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(part))
	var tables [][][]cell
	var text strings.Builder
	depth, tblDepth := 0, 0
	col, cells := 0, 0
	var cur *cell
	span := 1
	inText := false
	continued := false // the cell continues a merged cell down
	fallback := 0      // the depth of the mc:Fallback being skipped, 0 outside one
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return tables, nil
		}
		if err != nil {
			return nil, fmt.Errorf("word/document.xml: %v", err)
		}
		w.tokens++
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxNesting {
				return nil, errTooDeep
			}
			if fallback == 0 && t.Name.Local == "Fallback" {
				fallback = depth
			}
			if fallback > 0 {
				continue
			}
			switch t.Name.Local {
			case "tbl":
				if tblDepth++; tblDepth == 1 {
					tables = append(tables, nil)
				}
			case "tr":
				if tblDepth == 1 {
					tables[len(tables)-1] = append(tables[len(tables)-1], nil)
					col = 0
				}
			case "tc":
				if tblDepth == 1 {
					if cells++; cells > maxCells {
						return nil, errTooMany
					}
					rows := tables[len(tables)-1]
					if len(rows) == 0 {
						return nil, fmt.Errorf("word/document.xml: table %d has a cell outside a row", len(tables))
					}
					if col >= 1<<20 {
						return nil, errTooMany
					}
					cur = &cell{place: fmt.Sprintf("table %d row %d cell %d", len(tables), len(rows), col+1),
						order: len(tables)<<40 | len(rows)<<20 | col + 1}
					span, continued = 1, false
					text.Reset()
				}
			case "gridSpan":
				if tblDepth == 1 {
					if n, err := strconv.Atoi(attr(t, "val")); err == nil && n > 1 && n <= 64 {
						span = n
					}
				}
			case "vMerge":
				if tblDepth == 1 && cur != nil && attr(t, "val") != "restart" {
					continued = true
				}
			case "t":
				inText = true
			case "tab", "br":
				text.WriteByte(' ')
			}
		case xml.EndElement:
			if depth--; fallback > 0 {
				if depth < fallback {
					fallback = 0
				}
				continue
			}
			switch t.Name.Local {
			case "tbl":
				tblDepth--
			case "tc":
				if tblDepth == 1 && cur != nil {
					if !continued {
						cur.text = cellText(text.String())
					}
					rows := tables[len(tables)-1]
					rows[len(rows)-1] = append(rows[len(rows)-1], *cur)
					col += span
					cur = nil
				}
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText && cur != nil && fallback == 0 {
				text.Write(t)
			}
		}
	}
}

// attr returns the value of the attribute named local of t.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
