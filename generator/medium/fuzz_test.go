package medium

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
)

// The corpora are small files of each kind: the fuzzer minimises every
// new input it finds, which takes it seconds on a fixture of 10 to 200 KB.

// FuzzPage reads arbitrary bytes as a saved page: it never panics, and
// every field's every byte maps back into the page's text, at a valid
// line and column.
func FuzzPage(f *testing.F) {
	f.Add([]byte(`<html><head><meta charset="gb18030"><title>通知_网站</title><link rel="canonical" href="http://a.example/"></head><body><ul><li><a href="/">首页</a></li></ul><div id="zoom"><p>各地：</p><p>商务部 2023年8月31日</p><table><tr><td>序号</td><td>省</td><td>试点地区</td></tr><tr><td>1</td><td rowspan="2">北京市</td><td>朝阳区</td></tr><tr><td>2</td><td>海淀区</td></tr></table></div><div>版权所有</div></body></html>`))
	f.Add([]byte(`<!-- saved from url=(0030)http://a.example/b.html --><meta name="PubDate" content="2023/9/7"><h1>标题</h1><div>正文 &amp; &#x5317;</div>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, errs := decode("p.html", data, "")
		if errs.Errors(false) != nil {
			return
		}
		d := &document{name: "p.html", medium: "page"}
		src := diag.NewSource("p.html", text)
		if readPage(d, src) != nil {
			return
		}
		rec := d.record()
		lines := strings.Count(text, "\n") + 1
		for _, key := range []string{"title", "input_url", "date", "html", "resulting_text"} {
			fld, ok := rec.Field(key)
			if !ok {
				continue
			}
			if !utf8.ValidString(fld.Value) {
				t.Errorf("%s is not UTF-8", key)
			}
			for _, off := range []int{fld.Offset, fld.Offset + len(fld.Value)} {
				if pos := rec.Src.Position(off); pos.Line < 0 || pos.Line > lines || pos.Line > 0 && pos.Col < 1 {
					t.Errorf("%s at %v, outside the page's %d lines", key, pos, lines)
				}
			}
		}
	})
}

// fuzzReader fuzzes one attachment reader from its corpus: it returns its
// tables or an error, never panics, and keeps within its bounds.
func fuzzReader(f *testing.F, read func([]byte, *work) ([][][]cell, error), corpus ...[]byte) {
	for _, c := range corpus {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tables, err := read(data, &work{})
		if err != nil {
			return
		}
		cells := 0
		for _, table := range tables {
			for _, row := range table {
				cells += len(row)
			}
		}
		if cells > maxCells {
			t.Errorf("%d cells, more than the bound %d", cells, maxCells)
		}
	})
}

// FuzzDocx fuzzes the Word reader.
func FuzzDocx(f *testing.F) {
	f.Add(docx(f, `<w:tbl><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tbl>`)) // a cell outside a row
	fuzzReader(f, readDocx, docx(f, `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>试点地区</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>北京市</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>朝阳区</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc><w:tc><w:p><w:r><w:t>海淀区</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`))
}

// FuzzXlsx fuzzes the workbook reader.
func FuzzXlsx(f *testing.F) {
	fuzzReader(f, readXlsx, xlsx(f, `<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>北京市</t></is></c></row>`))
}

// FuzzPDF fuzzes the PDF reader.
func FuzzPDF(f *testing.F) {
	fuzzReader(f, readPDF, pdfOf([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		stream("BT /F1 12 Tf 50 700 Td (No. 1) Tj 0 -20 Td [(2) -500 (x)] TJ ET 40 690 200 0.5 re f"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 >>"}, ""))
}

// FuzzPDFGraph fuzzes what the PDF reader walks of a file's object graph:
// the cross-reference sections (tables and streams, their /Prev chain),
// object streams and the page tree, from the hostile files of issue 34
// and files it reads. It never panics, never loops (the fuzzer reports a
// hang), and keeps within its bounds, counted as work.
func FuzzPDFGraph(f *testing.F) {
	for _, c := range [][]byte{
		pdfSelfPrev("Prev"), pdfSelfPrev("Pr#65v"), pdfCommentedPrev(), pdfFarTable(),
		pdfObjStm(true, "", "", nil),
		pdfObjStm(true, "", "/Index [900000000000 1] ", nil),
		pdfObjStm(true, "", "/W [1 1000000000000 2] ", nil),
		pdfObjStm(true, "", "/DecodeParms << /Predictor 12 /Columns 1000000000000 >> ", nil),
		pdfObjStm(true, "", "", map[int][3]int{3: {2, 3, 2}}),
		pdfObjStm(false, "/Length 2 0 R ", "", nil),
		pdfObjStm(false, "/Ext#65nds 3 0 R ", "", nil),
		pdfObjStm(false, "/N 1099511627776 ", "", nil),
		pdfPageGraph(8),
		pdfOf([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [2 0 R] >>"}, ""),
		pdfPages(3, stream("BT /F1 12 Tf (1) Tj ET 0 0 m 100 0 l S")),
		pdfPages(1, stream("BT <4142")),
	} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var w work
		if _, err := readPDF(data, &w); err == nil && w.nodes == 0 {
			t.Error("read without a page tree")
		}
		for _, b := range []struct {
			what      string
			got, most int64
		}{
			{"cross-reference sections and entries", w.xref, maxObjects + int64(len(data))},
			{"bytes read", w.read, maxRead(len(data)) + 1<<16},
			{"bytes drawn", w.drawn, maxDrawn + 1},
			{"page tree nodes", w.nodes, int64(len(data))},
			{"operators", w.ops, maxOps},
			{"operands held", w.stacked, maxOperands + 1},
			{"font entries", w.entries, maxEntries + 1},
		} {
			if b.got > b.most {
				t.Errorf("%s: %d, more than %d", b.what, b.got, b.most)
			}
		}
	})
}
