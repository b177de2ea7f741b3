// Package medium reads a notice in the medium it was published in into a
// seed record that package notice parses: the scraper's key: value record,
// text pasted from the notice's page, the page as a browser saves it, or a
// folder holding the page (or the text) and the files it attaches (.docx,
// .xlsx, .pdf). Every piece of text keeps its position in its medium
// (diag.Piece): file:line:col in a text or page, the sheet and cell of a
// workbook, the table, row and cell of a Word file, the page and line of a
// PDF.
//
// Find says what each entry of the seeds folder is, and refuses what cannot
// be read, naming it; Read reads one notice. Every reader runs in time and
// memory linear in its file, which seed.MaxSize bounds; each states its own
// bounds in its doc comment, and counts its work (work) for the tests that
// check them. The one exception, stated in pdf.go: what the PDF library
// inflates of an object stream each time it reads an object in it.
package medium

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/provenance"
)

// Entry is one notice of the seeds folder: a file, or a folder holding the
// notice (Main) and its attachments.
type Entry struct {
	Path        string   // the file, or the folder
	Main        string   // the notice's own file: a .txt or a page
	Attachments []string // in the folder, sorted by name
	// Provenance is the folder's provenance.json, "" for none: where its
	// files were fetched from (package provenance).
	Provenance string
	// Refused is set when a file beside the notice was refused for its
	// format (附件1.doc): its own error says what to save it as, and the
	// notice says nothing more of the annex it lacks.
	Refused bool

	work *work // counts the attachment readers' work, for the tests of their bounds
}

// kind is what a file is, by its extension in any case.
type kind int

const (
	unknown  kind = iota
	text          // .txt: a record or pasted text
	page          // .html, .htm, .shtml; .mhtml, .mht (isMHTML)
	attached      // .docx, .xlsx, .pdf
	refused       // a format no reader reads; hints says what to save it as
)

// hints says, for each format that is refused, what to save the file as.
var hints = map[string]string{
	".doc": "save it as .docx or as a PDF with text",
	".wps": "save it as .docx or as a PDF with text",
	".xls": "save it as .xlsx",
	".et":  "save it as .xlsx",
	".ofd": "save it as a PDF with text, or as .docx",
}

// isMHTML reports whether a page is saved as one file, a MIME message.
func isMHTML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".mhtml" || ext == ".mht"
}

func kindOf(name string) kind {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".txt":
		return text
	case ".html", ".htm", ".shtml", ".mhtml", ".mht":
		return page
	case ".docx", ".xlsx", ".pdf":
		return attached
	default:
		if _, ok := hints[ext]; ok {
			return refused
		}
	}
	return unknown
}

// Find lists the notices in dir and its subfolders, in the order of a walk
// (each folder's files in name order, then its subfolders). Each
// file is a notice (a .txt, a page); a folder that holds attachments is one
// notice, its page or text and its attachments; any other folder is read
// as seeds/ is. Nothing is skipped in silence: an unknown file, a refused
// format, a folder that holds no notice and a notice's folder holding
// another folder are errors naming them; a folder's provenance.json (see
// package provenance) is its notice's record of where its files came
// from. Names starting with a dot are
// the file system's (.git, .DS_Store) and are not read, nor is the folder
// of a page's resources that a browser saves beside it (notice_files),
// but for the annexes in it (.docx, .xlsx, .pdf), which are the page's
// attachments.
func Find(dir string) ([]Entry, diag.List) {
	var out []Entry
	var errs diag.List
	walk(dir, true, &out, &errs)
	return out, errs
}

// walk adds the notices of folder dir to out, and reports whether it found
// any or reported a problem. A folder that holds attachments, the seeds
// folder aside, is one notice; any other holds a notice in each of its
// files, and those of its subfolders.
func walk(dir string, top bool, out *[]Entry, errs *diag.List) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if top {
			errs.Add(diag.InFile(dir, 0, diag.SeedsFolder, "cannot read the seeds folder: %v", err))
		} else {
			errs.Add(diag.InFile(dir, 0, diag.Unreadable, "cannot read the folder: %v", unwrap(err)))
		}
		return true
	}
	f := &seedFolder{dir: dir, top: top, resources: map[string]string{}}
	f.sortEntries(entries, errs)
	f.takeResources(errs)
	if len(f.attachments) > 0 && !top {
		f.notice(out, errs)
		return true
	}
	return f.notices(out, errs)
}

// seedFolder is what a folder of the seeds holds, as walk sorts it.
type seedFolder struct {
	dir          string
	top          bool                // the seeds folder itself
	mains        []string            // its notices' files: texts and pages
	attachments  []string            // its annexes
	folders      []string            // its subfolders, the pages' resources folders aside
	record       string              // its provenance.json, "" for none
	resources    map[string]string   // the names of its pages' resources folders, each its page
	saved        map[string][]string // a page's attachments in its resources folder
	refused      bool                // a file of it is refused for its format
	refusedSaved map[string]bool     // a page whose resources folder holds a refused file
	found        bool                // a notice found, or a problem reported
}

// sortEntries sorts the folder's entries (those whose names start with a
// dot aside) into its subfolders, its provenance.json, its notices' files
// (noting the names of the pages' resources folders) and its
// attachments; a file refused for its format, and one of no known kind,
// is an error.
func (f *seedFolder) sortEntries(entries []os.DirEntry, errs *diag.List) {
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(f.dir, e.Name())
		if e.IsDir() {
			f.folders = append(f.folders, path)
			continue
		}
		if e.Name() == provenance.Name {
			f.record = path
			continue
		}
		switch k := kindOf(e.Name()); k {
		case text, page:
			f.mains = append(f.mains, path)
			if k == page {
				stem := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
				f.resources[stem+"_files"], f.resources[stem+".files"] = path, path
			}
		case attached:
			f.attachments = append(f.attachments, path)
		case refused:
			errs.Add(formatRefusal(path))
			f.found, f.refused = true, true
		default:
			errs.Add(diag.InFile(path, 0, diag.UnknownFile, "not a notice: seeds/ holds notices (.txt, a saved page .html) and folders of a notice and its attachments (.docx, .xlsx, .pdf)"))
			f.found = true
		}
	}
}

// takeResources takes the pages' resources folders out of the subfolders.
// As a browser saves "Webpage, complete", such a folder may hold its
// page's annexes: they are the page's attachments.
func (f *seedFolder) takeResources(errs *diag.List) {
	f.saved, f.refusedSaved = map[string][]string{}, map[string]bool{}
	f.folders = slices.DeleteFunc(f.folders, func(sub string) bool {
		page, ok := f.resources[filepath.Base(sub)]
		if ok {
			files, refusedThere := resourceAttachments(sub, errs)
			f.saved[page] = append(f.saved[page], files...)
			f.refusedSaved[page] = f.refusedSaved[page] || refusedThere
		}
		return ok
	})
}

// notice adds a notice's folder, one that holds attachments, as one
// notice: its one page or text, with its attachments. A subfolder is an
// error, and so are no page or text and more than one.
func (f *seedFolder) notice(out *[]Entry, errs *diag.List) {
	for _, sub := range f.folders {
		errs.Add(diag.InFile(sub, 0, diag.StrayFolder, "a folder inside a notice's folder; a notice's folder holds its page or text and its attachments, nothing else"))
	}
	switch len(f.mains) {
	case 0:
		errs.Add(diag.InFile(f.dir, 0, diag.NoNotice, "the folder holds attachments but no notice: add the notice's page (.html) or its text (.txt)"))
	case 1:
		m := f.mains[0]
		*out = append(*out, Entry{Path: f.dir, Main: m, Attachments: append(f.attachments, f.saved[m]...), Refused: f.refused || f.refusedSaved[m], Provenance: f.record})
	default:
		errs.Add(diag.InFile(f.dir, 0, diag.NoNotice, "the folder holds attachments and %d notices (%s); a notice's folder holds one page or text and its attachments",
			len(f.mains), strings.Join(bases(f.mains), ", ")))
	}
}

// notices adds each page or text of a folder that is not a notice's as a
// notice, with the attachments saved in its resources folder, then the
// notices of the subfolders. An attachment here is an error, and so is a
// subfolder with no notice. It reports whether it found a notice or
// reported a problem.
func (f *seedFolder) notices(out *[]Entry, errs *diag.List) bool {
	for _, a := range f.attachments {
		errs.Add(diag.InFile(a, 0, diag.UnknownFile, "an attachment outside a notice's folder: put the notice's page (or text) and its attachments in a folder of their own"))
		f.found = true
	}
	one := !f.top && len(f.mains) == 1 // a folder of one notice, without attachments
	for _, m := range f.mains {
		*out = append(*out, Entry{Path: m, Main: m, Attachments: f.saved[m], Refused: f.refused && one || f.refusedSaved[m], Provenance: recordOf(f.record, one)})
		f.found = true
	}
	for _, sub := range f.folders {
		if !walk(sub, false, out, errs) {
			errs.Add(diag.InFile(sub, 0, diag.StrayFolder, "the folder holds no notice"))
		}
		f.found = true
	}
	return f.found
}

// resourceAttachments returns the attachments (.docx, .xlsx, .pdf) in the
// resources folder dir that a browser saved beside a page, in name order;
// its other files (styles, scripts, images) are the page's and not read,
// nor are folders in it. A format that is refused is an error, as it is
// anywhere else, and refusedAny says so.
func resourceAttachments(dir string, errs *diag.List) (files []string, refusedAny bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		errs.Add(diag.InFile(dir, 0, diag.Unreadable, "cannot read the folder: %v", unwrap(err)))
		return nil, false
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		switch kindOf(e.Name()) {
		case attached:
			files = append(files, path)
		case refused:
			errs.Add(formatRefusal(path))
			refusedAny = true
		}
	}
	return files, refusedAny
}

// recordOf is the provenance record of a folder's one notice, "" when the
// folder holds more than one.
func recordOf(record string, one bool) string {
	if !one {
		return ""
	}
	return record
}

// formatRefusal is the error of a file in a format no reader reads, with what to
// save it as.
func formatRefusal(path string) *diag.Diagnostic {
	ext := strings.ToLower(filepath.Ext(path))
	return diag.InFile(path, 0, diag.Refused, "a %s file cannot be read: %s", ext, hints[ext])
}

// bases returns the file names of paths.
func bases(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

// unwrap drops the path an *os.PathError repeats, since positions already
// name the file.
func unwrap(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
