package diag

// Code names the kind of a problem, stably: tests and tools match codes,
// never the text of a message, which may be reworded. Every code a stage
// can report is listed here, by stage.
type Code string

// Reading a seed (package seed) and the seeds folder.
const (
	SeedsFolder   Code = "seeds-folder"    // the seeds folder cannot be read
	NoSeeds       Code = "no-seeds"        // the folder holds no notice
	Unreadable    Code = "unreadable"      // the seed is not a regular file, or cannot be read
	TooLarge      Code = "too-large"       // the seed is over the size limit
	InvalidUTF8   Code = "invalid-utf8"    // a byte that is not UTF-8
	NULByte       Code = "nul-byte"        // a NUL byte
	ControlChar   Code = "control-char"    // another control character
	MixedLineEnds Code = "mixed-line-ends" // CR alone in a file of LF or CRLF line ends
	InvisibleChar Code = "invisible-char"  // a format, bidi or variation character, which hides or reorders text
	StrayText     Code = "stray-text"      // text before the first field
	RepeatedKey   Code = "repeated-key"    // a key given twice
	EmptyField    Code = "empty-field"     // a required field without a value
	MissingField  Code = "missing-field"   // a required field not there

	// The media a notice is published in (package medium) and what seeds/
	// may hold (package generator).
	Refused         Code = "refused"          // a file kind that cannot be read, with what to save it as
	UnknownFile     Code = "unknown-file"     // a file that is no notice, page or attachment
	StrayFolder     Code = "stray-folder"     // a folder that holds no notice, or a folder inside a notice's
	BadEncoding     Code = "bad-encoding"     // a page whose bytes are not in its declared encoding
	Edited          Code = "edited"           // warning: a fetched file whose bytes are not those its provenance.json records
	GuessedEncoding Code = "guessed-encoding" // warning: a page read in an encoding it does not declare (UTF-8 under another, or GB18030 under none)
	NoNotice        Code = "no-notice"        // a page or folder in which no notice text is found
	NoSource        Code = "no-source"        // warning: no source address for a notice
	BadFile         Code = "bad-file"         // an attachment that cannot be read as its kind
	Unmatched       Code = "unmatched"        // an attachment the body does not announce
	TooComplex      Code = "too-complex"      // a file over a reader's bound (nesting, cells, pages, objects)
)

// Parsing a notice (package notice).
const (
	NoBatch          Code = "no-batch"          // no batch number in the title
	BadBatch         Code = "bad-batch"         // a batch number that cannot be read
	BadDate          Code = "bad-date"          // the seed's date field is not a date
	BadURL           Code = "bad-url"           // input_url or returned_url is not an address
	NoSigningDate    Code = "no-signing-date"   // no date signs the notice
	BadSigningDate   Code = "bad-signing-date"  // the signing date does not exist
	NoList           Code = "no-list"           // no annex list
	UnknownProvince  Code = "unknown-province"  // a row's province is no province-level unit
	NoProvince       Code = "no-province"       // the first row names no province
	NoArea           Code = "no-area"           // a row without an area
	CutOff           Code = "cut-off"           // the list stops mid-row
	UnexpectedCell   Code = "unexpected-cell"   // a cell after the area, and no 备注 column
	RepeatedNumber   Code = "repeated-number"   // a row number given twice
	NumberGap        Code = "number-gap"        // row numbers that skip
	CountMismatch    Code = "count-mismatch"    // the list's length is not the count the notice states
	RepeatedArea     Code = "repeated-area"     // an area listed twice in one list
	BatchClaimed     Code = "batch-claimed"     // two lists of one kind claim one batch
	UnknownKind      Code = "unknown-kind"      // an annex whose title names no known list
	AnnexMissing     Code = "annex-missing"     // an annex the body announces is not there
	AnnexUnannounced Code = "annex-unannounced" // an annex the body does not announce
	CountUnmatched   Code = "count-unmatched"   // a count stated for a list the notice does not carry
	RepeatedPilot    Code = "repeated-pilot"    // warning: an area already on a list of the same kind
	TooManyProblems  Code = "too-many-problems" // diagnostics over a file's Limit, counted
	AreaTooLong      Code = "area-too-long"     // an area longer than any real name
	PageDisagrees    Code = "page-disagrees"    // the page\'s table and the text list differ
	DateOrder        Code = "date-order"        // a notice signed after it was published
	BadCount         Code = "bad-count"         // a stated count out of range
	NoCount          Code = "no-count"          // warning: no count stated for a list, so a list cut short cannot be told
	ScrambledRows    Code = "scrambled-rows"    // a list whose province names stand after its rows' areas (text copied out of a PDF)
	TableTooLarge    Code = "table-too-large"   // the page's tables span more cells than its bytes can hold
)

// Placing the areas (the gazetteer, in package generator's enrichment).
const (
	AmbiguousArea Code = "ambiguous-area" // warning: several divisions match
	UnknownArea   Code = "unknown-area"   // warning: no division matches
)
