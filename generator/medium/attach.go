package medium

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/seed"
)

// The attachments of a folder are the annexes its notice's body announces
// (附件：1.… 2.…). Each is matched to an announced annex by the page's own
// link to it: a link (<a href>) whose target's last segment is the file's
// name (as a browser saves a download: P020240914…45.docx), whatever it is
// called, is that annex when the link's text names one. Else by the number
// in its name (附件1.pdf, 附件 2 名单.xlsx, 1.名单.docx; 附件1 is also the
// first or only annex of a body that numbers none), else by its title (the
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
	// fileNumberRe is an annex's number in a file's name or a link's text.
	fileNumberRe = regexp.MustCompile(`^(?:附件\s*)?([0-9０-９]{1,2})(?:$|[^0-9０-９])`)
)

// ref is an annex the body announces.
type ref struct {
	number int // 0 for a plain 附件：…
	title  string
}

// minTitle is the fewest characters of a name that matches an annex by
// its title: 名单 is in every title.
const minTitle = 4

// link is a link of the page to a file: its target's last segment, decoded
// (the name a browser saves it under), and its text.
type link struct {
	file, text string
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

// match returns the announced annex the file is, if any: the one its
// link's text names, else the one its own name names, else the only one.
func match(file string, announced []ref, files int, links []link) (ref, bool) {
	base := filepath.Base(file)
	for _, l := range links {
		if strings.EqualFold(l.file, base) {
			if r, ok := named(l.text, announced); ok {
				return r, true
			}
		}
	}
	if r, ok := named(strings.TrimSuffix(base, filepath.Ext(base)), announced); ok {
		return r, true
	}
	if len(announced) == 1 && files == 1 {
		return announced[0], true
	}
	return ref{}, false
}

// named returns the announced annex that name (a file's name less its
// extension, or a link's text) names: by its number (附件1 is also the
// first annex of a body that numbers none), else by its title.
func named(name string, announced []ref) (ref, bool) {
	name = strings.TrimSpace(name)
	if ext := filepath.Ext(name); kindOf(name) != unknown {
		name = strings.TrimSuffix(name, ext) // a link's text that is a file's name
	}
	if m := fileNumberRe.FindStringSubmatch(name); m != nil {
		n := number(m[1])
		for _, r := range announced {
			if r.number == n {
				return r, true
			}
		}
		if n == 1 && len(announced) > 0 && announced[0].number == 0 {
			return announced[0], true
		}
		return ref{}, false
	}
	name = strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(name, "附件"), "：:"))
	if utf8.RuneCountInString(name) < minTitle {
		return ref{}, false // 名单.xlsx names no one annex
	}
	for _, r := range announced {
		if strings.Contains(r.title, name) || strings.Contains(name, r.title) {
			return r, true
		}
	}
	return ref{}, false
}

// annexes appends the folder's attachments to d as the annexes the notice's
// body announces, matched with the page's links, counting the readers'
// work in w. refused is whether an attachment was refused (its error says
// why): the notice then lacks what it would have given, and says nothing
// more of it.
func annexes(d *document, files []string, body string, links []link, w *work) (errs diag.List, refused bool) {
	announced := refs(body)
	type annex struct {
		ref
		file string
	}
	var found []annex
	var unmatched []string
	for _, f := range files {
		r, ok := match(f, announced, len(files), links)
		if !ok {
			unmatched = append(unmatched, f)
			continue
		}
		// Two files of one annex (附件1.pdf and 附件1.docx) would give its
		// list twice: the second is refused, naming the first.
		if i := slices.IndexFunc(found, func(a annex) bool { return a.ref == r }); i >= 0 {
			errs.Add(diag.InFile(f, 0, diag.Unmatched, "%s is announced once but given twice, here and in %s: keep one file per annex", r.name(), filepath.Base(found[i].file)))
			refused = true
			continue
		}
		found = append(found, annex{r, f})
	}
	// The annexes no file was matched to, for the hint of each file that
	// matched none.
	var open []ref
	for _, r := range announced {
		if !slices.ContainsFunc(found, func(a annex) bool { return a.ref == r }) {
			open = append(open, r)
		}
	}
	for _, f := range unmatched {
		errs.Add(diag.InFile(f, 0, diag.Unmatched, "%s", unmatchedHint(f, announced, open, len(links) > 0)))
		refused = true
	}
	slices.SortStableFunc(found, func(a, b annex) int { return cmp.Compare(a.number, b.number) })
	for _, a := range found {
		rows, err := readAttachment(a.file, w)
		if err != nil {
			errs = append(errs, err...)
			refused = true
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
	return errs, refused
}

// unmatchedHint says why the file f matches no annex, and what to name it:
// after an annex no other file is (open), by its number; linked is whether
// the page links to files.
func unmatchedHint(f string, announced, open []ref, linked bool) string {
	ext := strings.ToLower(filepath.Ext(f))
	if len(announced) == 0 {
		return "the notice's body announces no annex (附件：…), so the file cannot be told for one: check that the notice's text is whole"
	}
	var names []string
	for _, r := range announced {
		names = append(names, r.name())
	}
	msg := fmt.Sprintf("the notice's body announces no annex of this name (it announces %s)", strings.Join(names, ", "))
	if linked {
		msg += ", and no link of the page that names an annex points at it"
	}
	if len(open) == 0 {
		return msg + ": every annex has its file already; remove this one or keep one file per annex"
	}
	n := max(open[0].number, 1)
	return fmt.Sprintf("%s: name the file after its annex, as 附件%d%s for %s", msg, n, ext, open[0].name())
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
