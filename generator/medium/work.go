package medium

// tooComplex is the refusal of a file past one of a reader's bounds
// (diag.TooComplex).
type tooComplex string

func (e tooComplex) Error() string { return string(e) }

// work is what the attachment readers did, counted in the units their
// bounds are stated in. The tests check each bound against it: a count
// means the same on any machine, where a clock measures the machine.
type work struct {
	tokens int64 // XML tokens read from a Word file
	rows   int64 // a workbook's rows stepped through
	cells  int64 // a workbook's cells looked at

	xref    int64 // a PDF's cross-reference sections and entries the pre-check read
	nodes   int64 // a PDF's page tree nodes walked
	read    int64 // bytes the PDF library read from the file (it reads again each object it resolves)
	drawn   int64 // bytes of content streams drawn (decoded), each time drawn, and of ToUnicode maps
	ops     int64 // content stream operators
	stacked int64 // the most operands (array and dictionary elements counted) waiting for an operator
	entries int64 // glyph widths and ToUnicode entries loaded
}
