package medium

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// cellsOf prints the cells of tables as place=text, separated by |.
func cellsOf(tables [][][]cell) string {
	var out []string
	for _, table := range tables {
		for _, row := range table {
			for _, c := range row {
				out = append(out, c.place+"="+c.text)
			}
		}
	}
	return strings.Join(out, "|")
}

// TestWorkbookPlaces reads a sheet whose rows and cells are written every
// way a worksheet may write them (with and without r, far apart, empty,
// self-closing, in a prefixed namespace): each cell is placed where it
// is, and the reader takes a step for each row and cell present.
func TestWorkbookPlaces(t *testing.T) {
	for _, tc := range []struct {
		name, rows, want string
		steps            int64 // rows and cells visited, at most
	}{
		{name: "rows and cells with and without r",
			rows: `<row r="2"><c r="B2" t="inlineStr"><is><t>序号</t></is></c><c r="XFD2" t="inlineStr"><is><t>备注</t></is></c></row>` +
				`<row><c t="inlineStr"><is><t>1</t></is></c><c s="1"/><c t="inlineStr"><is><t>北京市</t></is></c></row>` +
				`<row r="1048576"><c r="C1048576"><v>7</v></c></row>`,
			want:  "名单!B2=序号|名单!XFD2=备注|名单!A3=1|名单!C3=北京市|名单!C1048576=7",
			steps: 3 + 6},
		{name: "cells after a far one follow it",
			rows:  `<row r="5"><c r="XFC5" t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>`,
			want:  "名单!XFC5=a|名单!XFD5=b",
			steps: 1 + 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w work
			tables, err := readXlsx(xlsx(t, tc.rows), &w)
			if err != nil {
				t.Fatal(err)
			}
			if got := cellsOf(tables); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if w.rows+w.cells > tc.steps {
				t.Errorf("%d rows and %d cells visited, more than the %d present", w.rows, w.cells, tc.steps)
			}
		})
	}
	t.Run("prefixed namespace", func(t *testing.T) {
		data := zipOf(t,
			"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml", `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="表" sheetId="1" r:id="rId9"/></x:sheets></x:workbook>`,
			"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheets/s.xml"/></Relationships>`,
			"xl/sheets/s.xml", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row x:r="3"><x:c r="D3" t="inlineStr"><x:is><x:t>&lt;x&gt;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`)
		tables, err := readXlsx(data, &work{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cellsOf(tables), "表!D3=<x>"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

// TestDocxAlternateContent reads a cell whose text Word wrote twice, as
// alternate content: its choice (a text box) and the fallback for older
// readers (VML). The text is read once.
func TestDocxAlternateContent(t *testing.T) {
	box := func(inner string) string {
		return `<w:txbxContent><w:p><w:r><w:t>` + inner + `</w:t></w:r></w:p></w:txbxContent>`
	}
	body := `<w:tbl><w:tr><w:tc><w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">` +
		`<mc:Choice Requires="wps"><w:drawing><wps:txbx>` + box("朝阳区") + `</wps:txbx></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:textbox>` + box("朝阳区") + `</v:textbox></w:pict></mc:Fallback>` +
		`</mc:AlternateContent></w:r><w:r><w:t>（试点）</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`
	tables, err := readDocx(docx(t, body), &work{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cellsOf(tables), "table 1 row 1 cell 1=朝阳区（试点）"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestPDFSections reads PDFs the pre-check must let through, as the
// library reads them: objects in an object stream, found through a
// cross-reference stream, and a file updated once, its second table's
// /Prev naming the first, its content replaced.
func TestPDFSections(t *testing.T) {
	var w work
	if _, err := readPDF(pdfObjStm(true, "", "", nil), &w); err != nil {
		t.Errorf("objects in an object stream: %v", err)
	}
	if w.xref != 1+8 || w.nodes != 2 {
		t.Errorf("objects in an object stream: %d sections and entries, %d nodes; want 9 and 2", w.xref, w.nodes)
	}

	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		stream("BT /F1 12 Tf 50 700 Td (old) Tj ET"), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
	first := pdfOf(objs, "")
	prev := bytes.LastIndex(first, []byte("\nxref\n")) + 1
	content := "BT /F1 12 Tf 50 700 Td (replaced) Tj ET"
	var b bytes.Buffer
	b.Write(first)
	at := b.Len()
	fmt.Fprintf(&b, "4 0 obj\n%s\nendobj\n", stream(content))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", at, prev, xref)
	w = work{}
	if _, err := readPDF(b.Bytes(), &w); err != nil {
		t.Errorf("updated once: %v", err)
	}
	if w.xref != 2+1+6 || w.drawn != int64(len(content)) {
		t.Errorf("updated once: %d sections and entries, %d bytes drawn; want 9 and %d", w.xref, w.drawn, len(content))
	}
}

// TestLexer reads tokens as the library reads them: names with #xx
// decoded, strings with their escapes, comments skipped; in content, an
// unknown escape and a last hexadecimal digit alone as the standard says.
func TestLexer(t *testing.T) {
	l := &lexer{data: []byte("/Ext#65nds (a\\(b\\)\\101\\q\\\n) <41 42 4> % note\n-3 +.5 true [1 /N] << /K (v) >> <4")}
	var got []string
	for {
		o, err := l.object()
		if err != nil {
			got = append(got, "error: "+err.Error())
			break
		}
		switch o.kind {
		case objArray, objDict:
			got = append(got, fmt.Sprintf("%d:%d", o.kind, len(o.a)))
		default:
			got = append(got, fmt.Sprintf("%d:%q:%d:%g", o.kind, o.s, o.n, o.f))
		}
	}
	want := []string{`5:"Extends":0:0`, `4:"a(b)Aq":0:0`, `4:"AB@":0:0`, `2:"":-3:0`, `3:"":0:0.5`, `1:"":1:0`, "7:2", "8:2",
		"error: a hexadecimal string runs to the end"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), strings.Join(want, " "))
	}
}

// TestLexerFile reads a file's strings as the library does: an unknown
// escape and a hexadecimal string of odd length are errors, which the
// pre-check reports rather than guess past.
func TestLexerFile(t *testing.T) {
	for _, in := range []string{`(a\q)`, `<414>`, `/A#4`} {
		l := &lexer{data: []byte(in + " "), objects: true}
		if o, err := l.object(); err == nil {
			t.Errorf("%s read as %q, want an error", in, o.s)
		}
	}
}
