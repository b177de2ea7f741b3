// Package lists describes the kinds of list the programme publishes (the
// national pilots, the whole-area pioneer zones, and whatever it adds) and
// the identity of every published table, so that each is described once.
//
// A Kind is read from content/lists.json, where a maintainer adds a kind
// without touching Go: its value in the tables' list column, its names in
// Chinese and English, the words by which an annex's title and the body's
// count phrase name it, its file slug, data folder, batch folders and page
// prefix. Every stage reads the kinds from a Catalog: package notice to
// tell an annex's kind, package data to name files, sheets, schemas and
// datasets, package site for every caption, heading and URL.
//
// A Table is the identity of a published table: one batch of a kind, every
// batch of a kind, or every designation of every kind (Scope). Its folder,
// file names, page, dataset identifier and titles are methods of it, and
// nowhere else. No zero value stands for "every": a Table's Scope says what
// it holds, and a zero Table is invalid.
package lists

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bianmin-data/pilots/content"
	"github.com/bianmin-data/pilots/generator/diag"
)

// File is the name of the kinds' description in the content folder.
const File = "lists.json"

// Names are the names of a kind of list (or of the combined table) in one
// language.
type Names struct {
	Programme string `json:"programme"` // the programme's name for the kind: national pilots
	List      string `json:"list"`      // the title of its list: 15-minute … pilots
	One       string `json:"one"`       // one area on it: pilot area
	Many      string `json:"many"`      // several (English only): pilot areas
	ShortOne  string `json:"short_one"` // one, for tight places (English only): pilot
	Short     string `json:"short"`     // several, for tight places: pilots; 试点
}

// Kind is one kind of list.
type Kind struct {
	ID         string   `json:"id"`          // its value in the list column: pilot, pioneer_zone
	ZH         Names    `json:"zh"`          // its names in Chinese
	EN         Names    `json:"en"`          // in English
	AnnexWords []string `json:"annex_words"` // words by which an annex's title names it
	CountWords []string `json:"count_words"` // words by which the body's count phrase names it
	Slug       string   `json:"slug"`        // its files' base name: pilots
	DataDir    string   `json:"data_dir"`    // its folder of every batch: data
	BatchDir   string   `json:"batch_dir"`   // a batch's folder, less the number: data/batch-
	PagePrefix string   `json:"page_prefix"` // the folder of its batch pages: batches

	// Order is the kind's place in the catalog: kinds are shown and
	// sorted in it.
	Order int `json:"-"`
}

// String is the kind as the list column writes it: pilot, pioneer_zone;
// "none" for no kind.
func (k *Kind) String() string {
	if k == nil {
		return "none"
	}
	return k.ID
}

// Combined names the table of every designation of every kind.
type Combined struct {
	ZH      Names  `json:"zh"`
	EN      Names  `json:"en"`
	Slug    string `json:"slug"`
	DataDir string `json:"data_dir"`
}

// Catalog is every kind of list, in the order they are shown, and the
// combined table's names.
type Catalog struct {
	Kinds    []*Kind  `json:"kinds"`
	Combined Combined `json:"combined"`
}

// maxFile bounds the size of lists.json read: a catalog of a few kinds is
// a few kilobytes.
const maxFile = 1 << 20

// Read reads and checks File in fsys. It reads at most maxFile bytes
// (time and memory linear in that).
func Read(fsys fs.FS) (*Catalog, error) {
	src, err := content.ReadFile(fsys, File, maxFile)
	if err != nil {
		return nil, err
	}
	return parse(src)
}

var (
	idRe   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	slugRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	dirRe  = regexp.MustCompile(`^[a-z][a-z0-9-]*(/[a-z][a-z0-9-]*)*$`)
)

// parse reads a catalog from the JSON of File, strictly: an unknown key, a
// missing name, a name or word holding a character that shows nothing or
// reorders the text around it (diag.Invisible, the rule seeds are held
// to), a kind given twice, or two tables that would share a file, a
// folder or a name (now or when a batch arrives) is an error that names
// the line, the kind and the key.
func parse(src []byte) (*Catalog, error) {
	if !utf8.Valid(src) {
		// Each invalid run marked with 0xff, itself invalid, and the bytes
		// before it kept: the first mark is at the first invalid byte.
		bad := bytes.ToValidUTF8(src, []byte{0xff})
		return nil, fmt.Errorf("%s:%d: invalid UTF-8", File, 1+bytes.Count(src[:bytes.IndexByte(bad, 0xff)], []byte("\n")))
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", place(src, err, dec.InputOffset()), err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: text after the catalog", File)
	}
	ck := &checker{lines: valueLines(src), ids: map[string]bool{}, slugs: map[string]bool{}, pages: map[string]bool{}, dirs: map[string]string{}}
	if len(c.Kinds) == 0 {
		ck.bad("kinds", "kinds", "no kind of list")
	}
	for i, k := range c.Kinds {
		ck.kind(i, k)
	}
	ck.combined(c.Combined)
	ck.batches(c.Kinds)
	if err := errors.Join(ck.errs...); err != nil {
		return nil, err
	}
	return &c, nil
}

// checker checks a decoded catalog, gathering its problems: what the
// kinds checked so far have taken (ids, slugs, page prefixes, folders)
// and the folders and names of every table but the batches', with where
// each is given, are its fields.
type checker struct {
	lines             map[string]int // the line of each value, by its path
	errs              []error
	ids, slugs, pages map[string]bool
	dirs              map[string]string // each folder, and the key that gives it
	folders, names    []given
}

// given is a table's folder or name (v), with the path of its value (at)
// and the key that gives it (where).
type given struct{ at, where, v string }

// bad reports a problem with the value at the path at (kinds[1].slug),
// on its line, or on its object's when it is missing.
func (ck *checker) bad(at, where, format string, args ...any) {
	line, ok := ck.lines[at]
	for !ok && at != "" {
		at = at[:max(0, strings.LastIndexAny(at, ".["))]
		line, ok = ck.lines[at]
	}
	ck.errs = append(ck.errs, fmt.Errorf("%s:%d: %s: %s", File, line, where, fmt.Sprintf(format, args...)))
}

// claim takes the folder dir for the key where, refusing one that another
// key has taken.
func (ck *checker) claim(at, where, dir string) {
	if other, dup := ck.dirs[dir]; dup {
		ck.bad(at, where, "folder %q is also %s", dir, other)
	}
	ck.dirs[dir] = where
}

// kind checks the kind k, the catalog's i-th, and sets its Order: its id,
// names and words, and its slug, page prefix and folders, each new.
func (ck *checker) kind(i int, k *Kind) {
	at := fmt.Sprintf("kinds[%d]", i)
	if k == nil {
		ck.bad(at, at, "null")
		return
	}
	k.Order = i
	where := fmt.Sprintf("kind %q", k.ID)
	switch {
	case !idRe.MatchString(k.ID):
		ck.bad(at+".id", at, "id %q is not lowercase letters, digits and _", k.ID)
	case ck.ids[k.ID]:
		ck.bad(at+".id", where, "given twice")
	}
	ck.ids[k.ID] = true
	checkNames(at+".zh", where+" zh", k.ZH, false, ck.bad)
	checkNames(at+".en", where+" en", k.EN, true, ck.bad)
	checkWords(at+".annex_words", where, "annex_words", k.AnnexWords, ck.bad)
	checkWords(at+".count_words", where, "count_words", k.CountWords, ck.bad)
	if !slugRe.MatchString(k.Slug) || ck.slugs[k.Slug] {
		ck.bad(at+".slug", where, "slug %q is not a new lowercase name of letters, digits and -", k.Slug)
	}
	ck.slugs[k.Slug] = true
	ck.names = append(ck.names, given{at + ".slug", where, k.Slug})
	if !slugRe.MatchString(k.PagePrefix) || ck.pages[k.PagePrefix] {
		ck.bad(at+".page_prefix", where, "page_prefix %q is not a new lowercase name of letters, digits and -", k.PagePrefix)
	}
	ck.pages[k.PagePrefix] = true
	if !dirRe.MatchString(k.DataDir) {
		ck.bad(at+".data_dir", where, "data_dir %q is not a relative folder of lowercase names", k.DataDir)
	}
	ck.claim(at+".data_dir", where+" data_dir", k.DataDir)
	ck.folders = append(ck.folders, given{at + ".data_dir", where + " data_dir", k.DataDir})
	if !dirRe.MatchString(k.BatchDir+"1") || !strings.HasSuffix(k.BatchDir, "-") {
		ck.bad(at+".batch_dir", where, "batch_dir %q is not a relative folder ending in -", k.BatchDir)
	}
	ck.claim(at+".batch_dir", where+" batch_dir", k.BatchDir)
}

// combined checks the combined table's names, and its slug and folder,
// each new.
func (ck *checker) combined(c Combined) {
	checkNames("combined.zh", "combined zh", c.ZH, false, ck.bad)
	checkNames("combined.en", "combined en", c.EN, true, ck.bad)
	if !slugRe.MatchString(c.Slug) || ck.slugs[c.Slug] {
		ck.bad("combined.slug", "combined", "slug %q is not a new lowercase name of letters, digits and -", c.Slug)
	}
	if !dirRe.MatchString(c.DataDir) {
		ck.bad("combined.data_dir", "combined", "data_dir %q is not a relative folder of lowercase names", c.DataDir)
	}
	ck.claim("combined.data_dir", "combined data_dir", c.DataDir)
	ck.folders = append(ck.folders, given{"combined.data_dir", "combined data_dir", c.DataDir})
	ck.names = append(ck.names, given{"combined.slug", "combined", c.Slug})
}

// batches refuses a table's folder or name that a batch of one of the
// kinds would take. A batch's folder is its kind's batch_dir and its
// number, and its name (Table.Slug) its kind's slug, batchSlug and its
// number: a folder or a slug of that shape would be taken by that batch,
// whenever it arrives. (Two batch_dirs, each ending in -, give the same
// folder only when they are the same, which claim refuses.)
func (ck *checker) batches(kinds []*Kind) {
	for _, k := range kinds {
		if k == nil {
			continue
		}
		for _, f := range ck.folders {
			if n, ok := batchOf(f.v, k.BatchDir); ok {
				ck.bad(f.at, f.where, "folder %q is where kind %q writes its batch %d (batch_dir %q): two tables would write its files", f.v, k.ID, n, k.BatchDir)
			}
		}
		for _, s := range ck.names {
			if n, ok := batchOf(s.v, k.Slug+batchSlug); ok {
				ck.bad(s.at, s.where, "slug %q is the name of kind %q's batch %d (slug %q): two tables would have one name in the metadata", s.v, k.ID, n, k.Slug)
			}
		}
	}
}

// batchOf returns n when s is prefix followed by batch number n as a
// table writes it (strconv.Itoa, n ≥ 1).
func batchOf(s, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(s, prefix)
	n, err := strconv.Atoi(rest)
	return n, ok && err == nil && n >= 1 && strconv.Itoa(n) == rest
}

// valueLines maps the path of every value of src (kinds[1].data_dir,
// combined.zh.list; "" for the whole) to the line it starts on. src is
// JSON that parse has decoded; reading it costs time linear in its size.
func valueLines(src []byte) map[string]int {
	dec := json.NewDecoder(bytes.NewReader(src))
	lines := map[string]int{}
	off, line := 0, 1 // counted up to off
	var walk func(path string)
	walk = func(path string) {
		start := int(dec.InputOffset())
		for start < len(src) && strings.IndexByte(" \t\r\n:,", src[start]) >= 0 {
			start++
		}
		line += bytes.Count(src[off:start], []byte("\n"))
		off = start
		lines[path] = line
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return
				}
				walk(strings.TrimPrefix(path+"."+fmt.Sprint(key), "."))
			}
			dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				walk(fmt.Sprintf("%s[%d]", path, i))
			}
			dec.Token()
		}
	}
	walk("")
	return lines
}

// place names where in src a decoding error is: File and its line and
// column (in characters), from the error's offset where it has one, else
// from how far the decoder read.
func place(src []byte, err error, read int64) string {
	off := read
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		off = syntax.Offset - 1 // the offset is just past the byte at fault
	case errors.As(err, &typ):
		off = typ.Offset - 1
	}
	off = max(0, min(off, int64(len(src))))
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return fmt.Sprintf("%s:%d:%d", File, line, col)
}

// checkWords says when a kind has no words of key, or an empty one, or
// one holding a character that shows nothing or reorders the text around
// it (checkText).
func checkWords(at, where, key string, words []string, bad func(at, where, format string, args ...any)) {
	if len(words) == 0 {
		bad(at, where, "%s must name it by at least one word", key)
	}
	for i, w := range words {
		if strings.TrimSpace(w) == "" {
			bad(fmt.Sprintf("%s[%d]", at, i), where, "%s must name it by at least one word", key)
		}
		checkText(fmt.Sprintf("%s[%d]", at, i), where, key, w, bad)
	}
}

// checkNames says which names of one language are missing or hold a
// character that shows nothing or reorders the text around it
// (checkText); English needs its plurals.
func checkNames(at, where string, n Names, english bool, bad func(at, where, format string, args ...any)) {
	all := []struct{ key, v string }{{"programme", n.Programme}, {"list", n.List}, {"one", n.One}, {"short", n.Short}, {"many", n.Many}, {"short_one", n.ShortOne}}
	need := all[:4]
	if english {
		need = all
	} else if n.Many != "" || n.ShortOne != "" {
		bad(at, where, "many and short_one are for English, which has plurals")
	}
	for _, k := range need {
		if strings.TrimSpace(k.v) == "" {
			bad(at+"."+k.key, where, "no %s", k.key)
		}
	}
	for _, k := range all {
		checkText(at+"."+k.key, where, k.key, k.v, bad)
	}
}

// checkText refuses a name or word holding a character that shows
// nothing or reorders the text around it, by the rule seeds are held to
// (diag.Invisible: C0 and C1 controls, ESC among them, zero-width spaces,
// U+202E): each name reaches pages, JSON-LD, the catalog, Data Packages,
// workbooks and terminals as it is.
func checkText(at, where, key, v string, bad func(at, where, format string, args ...any)) {
	if i := strings.IndexFunc(v, diag.Invisible); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v[i:])
		bad(at, where, "%s %q holds the character U+%04X, which shows nothing or reorders the text around it; names may not hold control, format, bidi or variation characters", key, v, r)
	}
}

// ByID returns the kind whose list column value is id.
func (c *Catalog) ByID(id string) (*Kind, bool) {
	for _, k := range c.Kinds {
		if k.ID == id {
			return k, true
		}
	}
	return nil, false
}

// IDs are the values of the list column, in order.
func (c *Catalog) IDs() []string {
	ids := make([]string, len(c.Kinds))
	for i, k := range c.Kinds {
		ids[i] = k.ID
	}
	return ids
}

// InAnnexTitle returns the kind an annex's title names, or nil: the kind
// with the longest word in the title, so that 全域推进先行区试点 is a pioneer
// zone's title although it holds 试点, a pilot's word.
func (c *Catalog) InAnnexTitle(title string) *Kind {
	return longest(c.Kinds, title, func(k *Kind) []string { return k.AnnexWords })
}

// InCountPhrase returns the kind a count phrase of the body names (…先行区
// 试点地区15个), or nil, by the longest word as InAnnexTitle.
func (c *Catalog) InCountPhrase(clause string) *Kind {
	return longest(c.Kinds, clause, func(k *Kind) []string { return k.CountWords })
}

// NamesAt reports whether s starts with a word that names a kind or the
// programme in Chinese (a count word, an annex word, or one of its Chinese
// names), as the list a count is given for does after the count:
// 70个城市一刻钟便民生活圈试点地区, 15个全域推进先行区.
func (c *Catalog) NamesAt(s string) bool {
	if c.Combined.ZH.Programme != "" && strings.HasPrefix(s, c.Combined.ZH.Programme) {
		return true
	}
	for _, k := range c.Kinds {
		for _, w := range [][]string{k.CountWords, k.AnnexWords, {k.ZH.Programme, k.ZH.List, k.ZH.One, k.ZH.Short}} {
			for _, w := range w {
				if w != "" && strings.HasPrefix(s, w) {
					return true
				}
			}
		}
	}
	return false
}

func longest(kinds []*Kind, s string, words func(*Kind) []string) *Kind {
	var best *Kind
	n := 0
	for _, k := range kinds {
		for _, w := range words(k) {
			if len(w) > n && strings.Contains(s, w) {
				best, n = k, len(w)
			}
		}
	}
	return best
}

// Example words of each kind, in messages: …试点名单 or …全域推进先行区试点名单.
func (c *Catalog) Example() string {
	var names []string
	for _, k := range c.Kinds {
		names = append(names, "…"+k.AnnexWords[0]+"…")
	}
	return strings.Join(names, " or ")
}

// Scope tells what a table holds.
type Scope int

const (
	OneBatch   Scope = iota + 1 // one batch of one kind
	EveryBatch                  // every batch of one kind
	EveryList                   // every designation of every kind
)

// Table is the identity of a published table. Make one with Kind.Batch,
// Kind.All or Catalog.All.
type Table struct {
	Scope    Scope
	Kind     *Kind // the kind, unless Scope is EveryList
	Batch    int   // the batch, when Scope is OneBatch
	combined *Combined
}

// Batch is the table of batch n of the kind.
func (k *Kind) Batch(n int) Table { return Table{Scope: OneBatch, Kind: k, Batch: n} }

// All is the table of every batch of the kind.
func (k *Kind) All() Table { return Table{Scope: EveryBatch, Kind: k} }

// All is the table of every designation of every kind.
func (c *Catalog) All() Table { return Table{Scope: EveryList, combined: &c.Combined} }

// Names are the table's names in lang (zh or en): its kind's, or the
// combined table's.
func (t Table) Names(lang string) Names {
	if t.Scope == EveryList {
		return pick(lang, t.combined.ZH, t.combined.EN)
	}
	return t.Kind.Names(lang)
}

// Names are the kind's names in lang (zh or en).
func (k *Kind) Names(lang string) Names { return pick(lang, k.ZH, k.EN) }

// UpperFirst capitalises the first letter of s, for a name that starts a
// sentence or a heading in English: National pilots.
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// pick is zh for Chinese, en for any other language.
func pick(lang string, zh, en Names) Names {
	if lang == "zh" {
		return zh
	}
	return en
}

// Base is the name of the table's files without their extension:
// pilots, pioneer-zones, designations.
func (t Table) Base() string {
	if t.Scope == EveryList {
		return t.combined.Slug
	}
	return t.Kind.Slug
}

// Dir is the folder of the table's files, relative to the site's root:
// data, data/batch-3, data/pioneer-zones/batch-1, data/designations.
func (t Table) Dir() string {
	switch t.Scope {
	case OneBatch:
		return t.Kind.BatchDir + strconv.Itoa(t.Batch)
	case EveryBatch:
		return t.Kind.DataDir
	}
	return t.combined.DataDir
}

// batchSlug joins a kind's slug and a batch number in a batch's Slug.
const batchSlug = "-batch-"

// Slug identifies the table among the others: pilots, pilots-batch-3,
// pioneer-zones-batch-1, designations.
func (t Table) Slug() string {
	if t.Scope == OneBatch {
		return t.Base() + batchSlug + strconv.Itoa(t.Batch)
	}
	return t.Base()
}

// Page is the page that describes the table, relative to the site's root:
// the batch's page (batches/3/, pioneer-zones/1/) for one batch, the
// downloads page for the others. The metadata points to it as the
// table's landing page.
func (t Table) Page() string {
	if t.Scope == OneBatch {
		return BatchPage(t.Kind, t.Batch)
	}
	return "data/"
}

// BatchPage is the page of batch b of kind k, as a folder: batches/3/.
func BatchPage(k *Kind, b int) string { return path.Join(k.PagePrefix, strconv.Itoa(b)) + "/" }

// DatasetID is the table's dataset identifier, the one address that the
// catalog and the table's page both give it: the page's address with a
// fragment, #dataset for a batch (its page is its own) and for the table
// whose files are the downloads page's own folder (data/, the national
// pilots: a published identifier), #<slug> for the others, which share
// the downloads page. base is the site's absolute address, ending in a
// slash.
func (t Table) DatasetID(base string) string {
	if t.Scope == OneBatch || t.Dir()+"/" == t.Page() {
		return base + t.Page() + "#dataset"
	}
	return base + t.Page() + "#" + t.Slug()
}

// Name names the table's part of its kind in lang: 第3批 / batch 3,
// 全部批次 / all batches, 全部名单 / every list.
func (t Table) Name(lang string) string {
	switch {
	case t.Scope == OneBatch && lang == "zh":
		return "第" + strconv.Itoa(t.Batch) + "批"
	case t.Scope == OneBatch:
		return "batch " + strconv.Itoa(t.Batch)
	case t.Scope == EveryBatch && lang == "zh":
		return "全部批次"
	case t.Scope == EveryBatch:
		return "all batches"
	}
	return t.Names(lang).Short
}

// Title is the table's title in lang: 城市一刻钟便民生活圈试点名单（第3批）,
// 15-minute convenient living circle pilots (batch 3).
func (t Table) Title(lang string) string {
	if t.Scope == EveryList {
		return t.Names(lang).List
	}
	if lang == "zh" {
		return t.Names(lang).List + "（" + t.Name(lang) + "）"
	}
	return t.Names(lang).List + " (" + t.Name(lang) + ")"
}

// FileTitle is the title in a file's own metadata (Data Package, workbook
// properties, schema), in both languages.
func (t Table) FileTitle() string { return t.Title("zh") + " · " + t.Title("en") }

// BatchLabel is a batch with its kind, as a batch is always shown: 试点第3批,
// pilots batch 3 (short), for places where the kind must be named.
func BatchLabel(k *Kind, b int, lang string) string {
	if lang == "zh" {
		return k.ZH.Short + "第" + strconv.Itoa(b) + "批"
	}
	return k.EN.Short + " batch " + strconv.Itoa(b)
}

// Count is n areas of the kind in lang, the noun agreeing with the number:
// 1 pilot area, 2 pilot areas, 70 个试点地区.
func (n Names) Count(count int, lang string) string {
	return counted(count, lang, n.One, n.One, n.Many)
}

// ShortCount is Count with the short names: 1 pilot, 15 pioneer zones, 15 个先行区.
func (n Names) ShortCount(count int, lang string) string {
	return counted(count, lang, n.Short, n.ShortOne, n.Short)
}

// counted is count and its noun in lang: Chinese has one form (with its
// measure word), English one and many.
func counted(count int, lang, zh, one, many string) string {
	switch {
	case lang == "zh":
		return strconv.Itoa(count) + " 个" + zh
	case count == 1:
		return "1 " + one
	}
	return strconv.Itoa(count) + " " + many
}

// Default is the built-in catalog, content/lists.json as embedded.
var Default = sync.OnceValue(func() *Catalog {
	c, err := Read(content.FS)
	if err != nil {
		panic("the built-in " + File + ": " + err.Error())
	}
	return c
})
