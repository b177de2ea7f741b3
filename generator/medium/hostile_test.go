package medium

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
)

// The hostile PDFs of issue 34, made small here: each made the library
// loop, recurse until the process died, allocate until it died, or the
// reader work out of all proportion to the file, before the pre-check and
// the counted reading refused it.

// deflate returns s compressed with zlib, as FlateDecode holds it.
func deflate(s []byte) []byte {
	var b bytes.Buffer
	w, err := zlib.NewWriterLevel(&b, zlib.BestCompression)
	if err == nil {
		_, err = w.Write(s)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		panic(err)
	}
	return b.Bytes()
}

// deflated is a PDF stream object of content s, compressed.
func deflated(s []byte) string {
	z := deflate(s)
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(z), z)
}

// pdfSelfPrev is a PDF whose trailer's /Prev, its key spelt name (Prev, or
// Pr#65v), points at its own cross-reference table.
func pdfSelfPrev(name string) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 0 /Kids [] >>"}
	xref := bytes.Index(pdfOf(objs, ""), []byte("\nxref\n")) + 1
	return pdfOf(objs, fmt.Sprintf("/%s %d ", name, xref))
}

// pdfCommentedPrev is a PDF whose table's /Prev points at an "xref" in a
// comment of the table, which starts a table of its own whose trailer is
// the same: the offset is named once, and the chain loops on it.
func pdfCommentedPrev() []byte {
	head := "%PDF-1.4\n%" + strings.Repeat("-", 100) + "\n"
	section := "xref\n0 1\n0000000000 65535 f \n% "
	return fmt.Appendf(nil, "%s%sxref\ntrailer\n<< /Size 1 /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", head, section, len(head)+len(section), len(head))
}

// pdfFarTable is a PDF whose cross-reference table has a subsection of
// one object numbered 900,000,000,000.
func pdfFarTable() []byte {
	return bytes.Replace(pdfOf([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 0 /Kids [] >>"}, ""),
		[]byte("xref\n0 3\n"), []byte("xref\n900000000000 1\n0000000000 65535 f \n0 3\n"), 1)
}

// pdfStreamed returns a PDF of the objects (numbered from 1) whose
// cross-reference section is a compressed stream, the object after them,
// with extra in its dictionary (after its own /W, which extra may
// override). An entry of entries replaces an object's own (type 1, at its
// offset): its type and two fields.
func pdfStreamed(objs []string, entries map[int][3]int, extra string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	n := len(objs) + 1 // the cross-reference stream's number
	offs := make([]int, n+1)
	for i, o := range objs {
		offs[i+1] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	offs[n] = b.Len()
	var data []byte
	for i := 0; i <= n; i++ {
		e, ok := entries[i]
		switch {
		case ok:
		case i == 0:
			e = [3]int{0, 0, 65535}
		default:
			e = [3]int{1, offs[i], 0}
		}
		data = append(data, byte(e[0]), byte(e[1]>>24), byte(e[1]>>16), byte(e[1]>>8), byte(e[1]), byte(e[2]>>8), byte(e[2]))
	}
	z := deflate(data)
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /Root 1 0 R /Filter /FlateDecode /Length %d /W [1 4 2] %s>>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n",
		n, n+1, len(z), extra, z, offs[n])
	return b.Bytes()
}

// objStm is an object stream holding the objects, numbered from first,
// with extra in its dictionary.
func objStm(first int, objs []string, extra string) string {
	head, body := " ", strings.Builder{} // /First is never 0
	for i, o := range objs {
		head += fmt.Sprintf("%d %d ", first+i, body.Len())
		body.WriteString(o + "\n")
	}
	data := head + body.String()
	return fmt.Sprintf("<< /Type /ObjStm /N %d /First %d /Length %d %s>>\nstream\n%s\nendstream", len(objs), len(head), len(data), extra, data)
}

// pdfObjStm is a PDF of one page whose catalog and page tree (objects 1
// and 2) are in an object stream (object 3), with extra in its
// dictionary, and xrefExtra in the cross-reference stream's; entries as
// pdfStreamed's, added to those that put objects 1 and 2 in the object
// stream. The page's text is "1 Beijing". Unless holds, the object stream
// is empty, so that the library looks further for the objects.
func pdfObjStm(holds bool, stmExtra, xrefExtra string, entries map[int][3]int) []byte {
	all := map[int][3]int{1: {2, 3, 0}, 2: {2, 3, 1}}
	for k, v := range entries {
		all[k] = v
	}
	var held []string
	if holds {
		held = []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [4 0 R] >>"}
	}
	return pdfStreamed([]string{
		"null",
		"null",
		objStm(1, held, stmExtra),
		"<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
		stream("BT /F1 12 Tf 50 700 Td (1 Beijing) Tj ET"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}, all, xrefExtra)
}

// pdfPageGraph is a PDF whose page tree is depth nodes deep, each node
// listing the next one four times: a walk without a record of the nodes
// it has been to visits the last 4^depth times.
func pdfPageGraph(depth int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>"}
	for i := 2; i < depth+2; i++ {
		next := fmt.Sprintf("%d 0 R ", i+1)
		objs = append(objs, "<< /Type /Pages /Count 1 /Kids ["+strings.Repeat(next, 4)+"] >>")
	}
	objs = append(objs, fmt.Sprintf("<< /Type /Page /Contents %d 0 R >>", depth+3), stream("BT ET"))
	return pdfOf(objs, "")
}

// pdfPages is a PDF of n pages, each drawing the content object given.
func pdfPages(n int, content string) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids strings.Builder
	for i := range n {
		fmt.Fprintf(&kids, "%d 0 R ", i+3)
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>", n+3))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, kids.String())
	return pdfOf(append(objs, content), "")
}
