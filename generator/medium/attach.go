package medium

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/seed"
)

// The attachments of a folder are the annexes its notice's body announces
// (附件：1.… 2.…). Each is matched to an announced annex by the number in
// its name (附件1.pdf, 附件 2 名单.xlsx, 1.名单.docx), else by its title (the
// file named after the annex's title, or the title after its name), else,
// when the body announces one annex and the folder holds one attachment,
// to that one. Each is then appended to the notice's text as the scraper
// printed an annex: 附件N, its title, and its table, a row a line, which
// package notice reads like any other annex, each cell at its place in the
// attachment.

var (
	// refRe is the body's annex reference; refItemRe an item of it.
	refRe     = regexp.MustCompile(`附件[：:]`)
	refItemRe = regexp.MustCompile(`(?:^|\s)([0-9０-９]{1,2})[.．、]\s*(\S+)`)
	// fileNumberRe is an annex's number in a file's name.
	fileNumberRe = regexp.MustCompile(`^(?:附件\s*)?([0-9０-９]{1,2})(?:$|[^0-9０-９])`)
)

// ref is an annex the body announces.
type ref struct {
	number int // 0 for a plain 附件：…
	title  string
}

// refs returns the annexes body announces.
func refs(body string) []ref {
	loc := refRe.FindStringIndex(body)
	if loc == nil {
		return nil
	}
	rest := body[loc[1]:]
	var out []ref
	for _, m := range refItemRe.FindAllStringSubmatch(rest, 20) {
		out = append(out, ref{number: number(m[1]), title: m[2]})
	}
	if len(out) == 0 {
		if f := strings.Fields(rest); len(f) > 0 {
			out = append(out, ref{title: f[0]})
		}
	}
	return out
}

// number reads one or two ASCII or full-width digits.
func number(s string) int {
	n := 0
	for _, r := range s {
		if r >= '０' && r <= '９' {
			r -= '０' - '0'
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// match returns the announced annex the file is, if any.
func match(file string, announced []ref, files int) (ref, bool) {
	stem := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if m := fileNumberRe.FindStringSubmatch(stem); m != nil {
		n := number(m[1])
		for _, r := range announced {
			if r.number == n {
				return r, true
			}
		}
		return ref{}, false
	}
	name := strings.TrimSpace(strings.TrimPrefix(stem, "附件"))
	for _, r := range announced {
		if name != "" && (strings.Contains(r.title, name) || strings.Contains(name, r.title)) {
			return r, true
		}
	}
	if len(announced) == 1 && files == 1 {
		return announced[0], true
	}
	return ref{}, false
}

// annexes appends the folder's attachments to d as the annexes the notice's
// body announces, counting the readers' work in w.
func annexes(d *document, files []string, body string, w *work) diag.List {
	var errs diag.List
	announced := refs(body)
	type annex struct {
		ref
		file string
	}
	var found []annex
	for _, f := range files {
		r, ok := match(f, announced, len(files))
		if !ok {
			what := "no annex"
			if len(announced) > 0 {
				var names []string
				for _, r := range announced {
					names = append(names, r.name())
				}
				what = strings.Join(names, ", ")
			}
			errs.Add(diag.InFile(f, 0, diag.Unmatched, "the notice's body announces no annex of this name (it announces %s): name the file after its annex, as 附件1%s", what, strings.ToLower(filepath.Ext(f))))
			continue
		}
		// Two files of one annex (附件1.pdf and 附件1.docx) would give its
		// list twice: the second is refused, naming the first.
		if i := slices.IndexFunc(found, func(a annex) bool { return a.ref == r }); i >= 0 {
			errs.Add(diag.InFile(f, 0, diag.Unmatched, "%s is announced once but given twice, here and in %s: keep one file per annex", r.name(), filepath.Base(found[i].file)))
			continue
		}
		found = append(found, annex{r, f})
	}
	slices.SortStableFunc(found, func(a, b annex) int { return cmp.Compare(a.number, b.number) })
	for _, a := range found {
		rows, err := readAttachment(a.file, w)
		if err != nil {
			errs = append(errs, err...)
			continue
		}
		marker := "附件"
		if a.number > 0 {
			marker += fmt.Sprint(a.number)
		}
		d.place(a.file, "", 0, marker)
		d.sep("\n")
		d.place(a.file, "", 0, a.title)
		d.sep("\n")
		writeRows(d, a.file, rows)
	}
	return errs
}

// name names an announced annex in messages.
func (r ref) name() string {
	if r.number > 0 {
		return fmt.Sprintf("%d.%s", r.number, r.title)
	}
	return r.title
}

// readAttachment reads the list of the attachment at path, counting the
// reader's work in w.
func readAttachment(path string, w *work) ([][]cell, diag.List) {
	data, errs := seed.Load(path)
	if errs != nil {
		return nil, errs
	}
	var tables [][][]cell
	var err error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".docx":
		tables, err = readDocx(data, w)
	case ".xlsx":
		tables, err = readXlsx(data, w)
	case ".pdf":
		tables, err = readPDF(data, w)
	}
	if err != nil {
		code := diag.BadFile
		if tc := tooComplex(""); errors.As(err, &tc) {
			code = diag.TooComplex
		}
		return nil, diag.List{diag.InFile(path, 0, code, "%v", err)}
	}
	rows := listRows(tables)
	if rows == nil {
		return nil, diag.List{diag.InFile(path, 0, diag.NoList, "no list in the attachment: no table whose row starts with 序号")}
	}
	return rows, nil
}
