package medium

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// zipOf returns a zip of the named parts, in order.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := z.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// lyingZip returns a zip of one part, name, whose header claims it
// unpacks to one byte while it unpacks to size bytes of spaces.
func lyingZip(t testing.TB, name string, size int) []byte {
	t.Helper()
	var packed bytes.Buffer
	fw, err := flate.NewWriter(&packed, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(bytes.Repeat([]byte(" "), size)); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(packed.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfOf returns a PDF of the objects (numbered from 1; the first is the
// catalog), with a cross-reference table and trailer; extra is added to
// the trailer.
func pdfOf(objs []string, extra string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, extra, xref)
	return b.Bytes()
}

// stream is a PDF stream object of content s.
func stream(s string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s)
}

// docx is a Word file whose body is body.
func docx(t testing.TB, body string) []byte {
	return zipOf(t, "word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+body+`</w:body></w:document>`)
}

// xlsx is a workbook of one sheet, 名单, whose sheetData is rows.
func xlsx(t testing.TB, rows string) []byte {
	return zipOf(t,
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml", `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+rows+`</sheetData></worksheet>`)
}

// TestRefusals checks every refusal of a notice's medium: its exact
// message and its place, and, for the hostile files, that each is refused
// or read within its bound, the bound checked as work done (work): tokens,
// rows and cells, bytes read and drawn, nodes walked, operands held,
// against the file. A count means the same on any machine, where the
// clock measures the machine; the clock remains only as a guard against a
// hang, at minutes.
func TestRefusals(t *testing.T) {
	pageOf := func(charset, body string) []byte {
		return []byte("<!DOCTYPE html>\n<html><head><meta charset=\"" + charset + "\"><title>通知</title></head>\n<body>" + body + "</body></html>\n")
	}
	gbk := []byte("<html><head><meta charset=\"gbk\"></head><body>\xb1\xb1\xbe\xa9\xff\xff</body></html>")
	deep := strings.Repeat("<w:sdt>", 300) + strings.Repeat("</w:sdt>", 300)
	// The heavy files, made only when their cases run.
	var bomb, lying, workbookBomb, million, shared []byte
	if !testing.Short() {
		var rows strings.Builder
		for i := 1; i <= 1_000_000; i++ {
			fmt.Fprintf(&rows, `<row r="%d"/>`, i)
		}
		million = xlsx(t, rows.String())
		bomb = docx(t, strings.Repeat(" ", 65<<20))
		lying = lyingZip(t, "word/document.xml", 65<<20)
		workbookBomb = xlsx(t, strings.Repeat(" ", 65<<20))
		shared = pdfPages(20, deflated(bytes.Repeat([]byte(" "), 4<<20)))
	}
	pages := make([]string, 0, 10_003)
	pages = append(pages, "<< /Type /Catalog /Pages 2 0 R >>", "", stream("BT ET"))
	var kids strings.Builder
	for i := range 10_000 {
		fmt.Fprintf(&kids, "%d 0 R ", i+4)
		pages = append(pages, "<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>")
	}
	pages[1] = "<< /Type /Pages /Count 10000 /Kids [" + kids.String() + "] >>"
	uncounted := append([]string(nil), pages...)
	uncounted[1] = strings.Replace(pages[1], "/Count 10000", "/Count 1", 1)
	// One cell a row, in the last column, XFD.
	var xfd strings.Builder
	for i := 1; i <= 4000; i++ {
		fmt.Fprintf(&xfd, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, i, i)
	}
	operands := stream(strings.Repeat("0 ", maxOperands+10))
	bombed := deflated(bytes.Repeat([]byte("0 "), (maxPageDrawn+2)/2))

	// A bound on the work done, "" when it holds.
	type bound func(w work) string
	atMost := func(what string, got func(work) int64, max int64) bound {
		return func(w work) string {
			if n := got(w); n > max {
				return fmt.Sprintf("%s %d, more than %d", what, n, max)
			}
			return ""
		}
	}
	rowsCells := func(rows, cells int64) bound {
		return func(w work) string {
			return atMost("rows", func(w work) int64 { return w.rows }, rows)(w) + atMost("cells", func(w work) int64 { return w.cells }, cells)(w)
		}
	}
	nothingRead := func(w work) string {
		if w != (work{xref: w.xref}) {
			return fmt.Sprintf("work %+v: the library read the file", w)
		}
		return ""
	}
	const annex = "通知\n附件：名单\n"
	type refusalCase struct {
		name  string
		files map[string][]byte // the notice's folder; a single file when it holds one
		want  string            // the first error, after the folder's path
		heavy bool              // seconds of work: skipped with -short
		bound bound             // on the attachment reader's work
	}
	// prechecked is a PDF attachment refused before the library reads it.
	prechecked := func(name string, pdf []byte, want string) refusalCase {
		return refusalCase{name: name, files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdf}, want: "附件.pdf: " + want, bound: nothingRead}
	}
	const (
		loops      = "the PDF's cross-reference sections point back at each other (/Prev loops): " + reprint
		nested     = "the PDF has an object stream inside an object stream, or one whose dictionary refers into one, which this reader does not follow: " + reprint
		far        = "the PDF numbers more than 1048576 objects: an annex has a few thousand"
		objStmSize = "the PDF has an object stream of more than 65536 objects, or of more objects than it holds bytes: " + reprint
	)
	for _, tc := range []refusalCase{
		{name: "page not in the encoding it declares", files: map[string][]byte{"p.html": pageOf("utf-8", "北京\xff")},
			want: "p.html:3:9: invalid UTF-8 byte 0xff: the page declares UTF-8, and is not UTF-8"},
		{name: "page that declares no encoding and is neither UTF-8 nor GB18030", files: map[string][]byte{"p.html": []byte("<p>\xb1\xff</p>")},
			want: "p.html:1:4: invalid UTF-8 byte 0xb1: the page declares no encoding (<meta charset>), is not GB18030 either, and is not UTF-8"},
		{name: "page in GBK with bytes that are not", files: map[string][]byte{"p.html": gbk},
			want: "p.html:1:48: a byte sequence that is not gbk, the encoding the page declares"},
		{name: "page of an unknown encoding", files: map[string][]byte{"p.html": pageOf("klingon", "x")},
			want: `p.html: the page declares the encoding "klingon", which is not known; save the page as UTF-8`},
		{name: "page without text", files: map[string][]byte{"p.html": pageOf("utf-8", "<script>var a = 1</script>")},
			want: "p.html: the page holds no text: save the page itself, not a frame or a script's shell"},
		{name: "text of a title alone", files: map[string][]byte{"t.txt": []byte("标题：关于公布名单的通知\n\n")},
			want: "t.txt: no text: the file holds a title and nothing after it"},
		{name: "attachment the body does not announce", files: map[string][]byte{"n.txt": []byte("通知\n附件：1.名单\n"), "其他.xlsx": xlsx(t, ""), "附件1.xlsx": xlsx(t, "")},
			want: "其他.xlsx: the notice's body announces no annex of this name (it announces 1.名单): every annex has its file already; remove this one or keep one file per annex"},
		{name: "attachment named for no annex", files: map[string][]byte{"n.txt": []byte("通知\n附件：1.名单 2.先行区名单\n"), "1.xlsx": xlsx(t, ""), "其他.xlsx": xlsx(t, "")},
			want: "其他.xlsx: the notice's body announces no annex of this name (it announces 1.名单, 2.先行区名单): name the file after its annex, as 附件2.xlsx for 2.先行区名单"},
		{name: "attachment without a list", files: map[string][]byte{"n.txt": []byte(annex), "附件.xlsx": xlsx(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>`)},
			want: "附件.xlsx: no list in the attachment: no table whose row starts with 序号"},
		{name: "Word file that is no zip", files: map[string][]byte{"n.txt": []byte(annex), "附件.docx": []byte("PK garbage")},
			want: "附件.docx: not a zip file as .docx and .xlsx are: zip: not a valid zip file"},
		{name: "PDF without text", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfOf([]string{
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
			"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", stream("0 0 100 100 re f")}, "")},
			want: "附件.pdf: the PDF has no text layer (a scanned image?): save the annex as a PDF with text, as .docx or as .xlsx"},
		// The hostile files, each with its bound.
		{name: "zip bomb", files: map[string][]byte{"n.txt": []byte(annex), "附件.docx": bomb}, heavy: true,
			want:  "附件.docx: a part unpacks to more than 64 MiB (a zip bomb?)",
			bound: atMost("tokens", func(w work) int64 { return w.tokens }, 0)},
		{name: "zip bomb with a lying header", files: map[string][]byte{"n.txt": []byte(annex), "附件.docx": lying}, heavy: true,
			want:  "附件.docx: word/document.xml: zip: not a valid zip file",
			bound: atMost("tokens", func(w work) int64 { return w.tokens }, 0)},
		{name: "workbook bomb", files: map[string][]byte{"n.txt": []byte(annex), "附件.xlsx": workbookBomb}, heavy: true,
			want:  "附件.xlsx: a part unpacks to more than 64 MiB (a zip bomb?)",
			bound: atMost("rows", func(w work) int64 { return w.rows }, 0)},
		{name: "deeply nested XML", files: map[string][]byte{"n.txt": []byte(annex), "附件.docx": docx(t, deep)},
			want:  "附件.docx: elements nested more than 256 deep",
			bound: atMost("tokens", func(w work) int64 { return w.tokens }, maxNesting+4)},
		{name: "a sheet of a million empty rows", files: map[string][]byte{"n.txt": []byte(annex), "附件.xlsx": million}, heavy: true,
			want:  "附件.xlsx: no list in the attachment: no table whose row starts with 序号",
			bound: rowsCells(1_000_000, 0)},
		{name: "a cell a row in column XFD", files: map[string][]byte{"n.txt": []byte(annex), "附件.xlsx": xlsx(t, xfd.String())},
			want:  "附件.xlsx: no list in the attachment: no table whose row starts with 序号",
			bound: rowsCells(4000, 4000)}, // a step a row and a cell: not 16,384
		{name: "cyclic page tree", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfOf([]string{
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [2 0 R] >>"}, "")},
			want:  "附件.pdf: the PDF's page tree reaches a node twice (a cycle, or a page listed twice), or holds a node inside its parent: print it to a new PDF, or save the annex as .docx or .xlsx",
			bound: atMost("nodes", func(w work) int64 { return w.nodes }, 2)},
		{name: "page tree whose nodes list the next four times", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfPageGraph(30)},
			want:  "附件.pdf: the PDF's page tree reaches a node twice (a cycle, or a page listed twice), or holds a node inside its parent: print it to a new PDF, or save the annex as .docx or .xlsx",
			bound: atMost("nodes", func(w work) int64 { return w.nodes }, 32)}, // its objects, once each: not 4^30
		prechecked("cross-reference table that is its own /Prev", pdfSelfPrev("Prev"), loops),
		prechecked("the same, /Prev spelt /Pr#65v", pdfSelfPrev("Pr#65v"), loops),
		prechecked("cross-reference table whose /Prev is an xref in its comment", pdfCommentedPrev(), loops),
		prechecked("cross-reference table numbering an object 900,000,000,000", pdfFarTable(), far),
		prechecked("cross-reference stream numbering an object 900,000,000,000", pdfObjStm(true, "", "/Index [900000000000 1] ", nil), far),
		prechecked("cross-reference stream of fields a terabyte wide", pdfObjStm(true, "", "/W [1 1000000000000 2] ", nil), "the PDF's cross-reference section at byte 476 cannot be read (a /W that is not widths of 0 to 8 bytes): print it to a new PDF, or save the annex as .docx or .xlsx"),
		prechecked("cross-reference stream predicted in rows of a terabyte", pdfObjStm(true, "", "/DecodeParms << /Predictor 12 /Columns 1000000000000 >> ", nil), "the PDF has a stream predicted in rows of more than 1048576 bytes: print it to a new PDF, or save the annex as .docx or .xlsx"),
		prechecked("object stream inside itself", pdfObjStm(true, "", "", map[int][3]int{3: {2, 3, 2}}), nested),
		prechecked("object stream whose length is inside it", pdfObjStm(false, "/Length 2 0 R ", "", nil), nested),
		prechecked("object stream that extends itself, /Extends spelt /Ext#65nds", pdfObjStm(false, "/Ext#65nds 3 0 R ", "", nil), "the PDF has object streams that extend others (/Extends), which this reader does not follow: print it to a new PDF, or save the annex as .docx or .xlsx"),
		prechecked("object stream of 2^40 objects", pdfObjStm(false, "/N 1099511627776 ", "", nil), objStmSize),
		prechecked("object stream of more objects than bytes", pdfObjStm(false, "/N 50000 ", "", nil), objStmSize),
		{name: "10,000 pages", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfOf(pages, "")},
			want:  "附件.pdf: more than 1000 pages: an annex is a few pages long",
			bound: atMost("nodes", func(w work) int64 { return w.nodes }, 0)},
		{name: "10,000 pages counted as one", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfOf(uncounted, "")},
			want:  "附件.pdf: more than 1000 pages: an annex is a few pages long",
			bound: atMost("nodes", func(w work) int64 { return w.nodes }, maxPages+2)},
		{name: "content that inflates past a page's bound", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfPages(1, bombed)},
			want: "附件.pdf: page 1 draws more than 16 MiB of content: a page of an annex draws some KiB: save the annex as .docx or .xlsx",
			bound: func(w work) string { // inflated to the bound and a byte, and no further
				return atMost("bytes drawn", func(w work) int64 { return w.drawn }, maxPageDrawn+1)(w) + atMost("operands", func(w work) int64 { return w.stacked }, 0)(w)
			}},
		{name: "operands without an operator", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfPages(1, operands)},
			want:  "附件.pdf: the PDF has more than 65536 operands before an operator, which is no drawing: print it to a new PDF, or save the annex as .docx or .xlsx",
			bound: atMost("operands held", func(w work) int64 { return w.stacked }, maxOperands+1)},
		{name: "20 pages drawing one shared stream", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": shared}, heavy: true,
			want: "附件.pdf: the PDF draws more than 64 MiB of content (pages that draw one stream count it each time): an annex's pages draw a few hundred KiB: save the annex as .docx or .xlsx",
			bound: func(w work) string { // each page's drawing counted, up to the bound and a byte
				if w.drawn != maxDrawn+1 {
					return fmt.Sprintf("%d bytes drawn, want %d", w.drawn, maxDrawn+1)
				}
				return ""
			}},
		{name: "content that ends inside a hexadecimal string", files: map[string][]byte{"n.txt": []byte(annex), "附件.pdf": pdfPages(1, stream("BT <4142"))},
			want:  "附件.pdf: cannot read the PDF: a content stream: a hexadecimal string runs to the end",
			bound: atMost("bytes drawn", func(w work) int64 { return w.drawn }, int64(len("BT <4142")))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.heavy && testing.Short() {
				t.Skip("skipped with -short: seconds of work")
			}
			dir := filepath.Join(t.TempDir(), "notice")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			w := &work{}
			e := Entry{Path: dir, work: w}
			for name, data := range tc.files {
				path := filepath.Join(dir, name)
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				switch kindOf(name) {
				case attached:
					e.Attachments = append(e.Attachments, path)
				default:
					e.Main = path
				}
			}
			if len(tc.files) == 1 {
				e.Path = e.Main
			}
			start := time.Now()
			_, errs := Read(e)
			if d := time.Since(start); d > 5*time.Minute {
				t.Errorf("took %v: a reader that hangs", d)
			}
			if len(errs) == 0 {
				t.Fatalf("no error, want %s", tc.want)
			}
			if got := strings.TrimPrefix(errs[0].Error(), dir+"/"); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if tc.bound != nil {
				if msg := tc.bound(*w); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}
