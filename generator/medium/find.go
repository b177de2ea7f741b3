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
)

// Entry is one notice of the seeds folder: a file, or a folder holding the
// notice (Main) and its attachments.
type Entry struct {
	Path        string   // the file, or the folder
	Main        string   // the notice's own file: a .txt or a page
	Attachments []string // in the folder, sorted by name

	work *work // counts the attachment readers' work, for the tests of their bounds
}

// kind is what a file is, by its extension in any case.
type kind int

const (
	unknown  kind = iota
	text          // .txt: a record or pasted text
	page          // .html, .htm, .shtml
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

func kindOf(name string) kind {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".txt":
		return text
	case ".html", ".htm", ".shtml":
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
// another folder are errors naming them. Names starting with a dot are
// the file system's (.git, .DS_Store) and are not read, nor is the folder
// of a page's resources that a browser saves beside it (notice_files).
func Find(dir string) ([]Entry, diag.List) {
	var out []Entry
	var errs diag.List
	walk(dir, true, &out, &errs)
	return out, errs
}

// walk adds the notices of folder dir to out, and reports whether it found
// any or reported a problem.
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
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return strings.HasPrefix(e.Name(), ".") })
	resources := map[string]bool{} // the folders of the pages' resources
	var mains, attachments []string
	var folders []string
	found := false
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() {
			folders = append(folders, path)
			continue
		}
		switch k := kindOf(e.Name()); k {
		case text, page:
			mains = append(mains, path)
			if k == page {
				stem := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
				resources[stem+"_files"], resources[stem+".files"] = true, true
			}
		case attached:
			attachments = append(attachments, path)
		case refused:
			errs.Add(diag.InFile(path, 0, diag.Refused, "a %s file cannot be read: %s", strings.ToLower(filepath.Ext(path)), hints[strings.ToLower(filepath.Ext(path))]))
			found = true
		default:
			errs.Add(diag.InFile(path, 0, diag.UnknownFile, "not a notice: seeds/ holds notices (.txt, a saved page .html) and folders of a notice and its attachments (.docx, .xlsx, .pdf)"))
			found = true
		}
	}
	folders = slices.DeleteFunc(folders, func(f string) bool { return resources[filepath.Base(f)] })
	if len(attachments) > 0 && !top {
		// A notice's folder: one page or text, its attachments.
		for _, f := range folders {
			errs.Add(diag.InFile(f, 0, diag.StrayFolder, "a folder inside a notice's folder; a notice's folder holds its page or text and its attachments, nothing else"))
		}
		switch len(mains) {
		case 0:
			errs.Add(diag.InFile(dir, 0, diag.NoNotice, "the folder holds attachments but no notice: add the notice's page (.html) or its text (.txt)"))
		case 1:
			*out = append(*out, Entry{Path: dir, Main: mains[0], Attachments: attachments})
		default:
			errs.Add(diag.InFile(dir, 0, diag.NoNotice, "the folder holds attachments and %d notices (%s); a notice's folder holds one page or text and its attachments",
				len(mains), strings.Join(bases(mains), ", ")))
		}
		return true
	}
	for _, a := range attachments {
		errs.Add(diag.InFile(a, 0, diag.UnknownFile, "an attachment outside a notice's folder: put the notice's page (or text) and its attachments in a folder of their own"))
		found = true
	}
	for _, m := range mains {
		*out = append(*out, Entry{Path: m, Main: m})
		found = true
	}
	for _, f := range folders {
		if !walk(f, false, out, errs) {
			errs.Add(diag.InFile(f, 0, diag.StrayFolder, "the folder holds no notice"))
		}
		found = true
	}
	return found
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
