package site

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
)

// The pages that lead to the lists: the page of every list and batch
// (lists/), and a page per kind of list (batches/ for the national pilots,
// pioneer-zones/ for the pioneer zones: the folder of its batch pages).
// The home points to them; the table of every designation, with its
// filters, lives on lists/ (the home's old filtered addresses lead there).

// listsPath is the page of every list and batch.
const listsPath = "lists/index.html"

// kindPath is the page of a kind of list: the folder of its batch pages.
func kindPath(k *lists.Kind) string { return k.PagePrefix + "/index.html" }

// batchRow is one batch as the pages that list batches show it.
type batchRow struct {
	Label, Page        string // the batch with its kind; its page
	Signed, Published  string
	Areas              string // its areas, counted in words
	Notice, NoticeLang string // the notice's title, in p's language where it has a translation, and that title's language
	SourceURL          string
	XLSX, CSV          string // its workbook and CSV, from the root
}

// kindSummary is a kind of list as the home and the lists page show it.
type kindSummary struct {
	Name, Page  string // the kind's name; its page
	Areas       string // its areas and batches, counted in words
	Batches     []batchRow
	XLSX, CSV   string // the workbook and CSV of its every batch
	Latest      *batchRow
	Count       int // its areas
	BatchCount  int
	Description string        // what the list is, in a sentence
	Table       template.HTML // the table of its batches (batchesTable)
	Covers      string        // which of its batches its counts cover, when one announced is not held (covers); "" when every one is
}

// batchesTable is the table of a kind's batches, newest first: each with
// its page, dates, areas, notice and files.
func batchesTable(p *Page, caption string, rows []batchRow) template.HTML {
	var b strings.Builder
	h := template.HTMLEscapeString
	fmt.Fprintf(&b, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table class=\"batches\">\n<caption>%s</caption>\n", h(caption), h(caption))
	fmt.Fprintf(&b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		h(p.T("batch")), h(p.T("signed")), h(p.T("areas_count")), h(p.T("notice")), h(p.T("files")))
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		files := ""
		if r.XLSX != "" {
			files = fmt.Sprintf(`<a href="%s" download>XLSX</a>`, h(p.Rel(r.XLSX)))
		}
		if r.CSV != "" {
			if files != "" {
				files += " · "
			}
			files += fmt.Sprintf(`<a href="%s" download>CSV</a>`, h(p.Rel(r.CSV)))
		}
		fmt.Fprintf(&b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td><time datetime=\"%s\">%s</time></td><td>%s</td><td lang=\"%s\"><a href=\"%s\" rel=\"external\">%s</a></td><td>%s</td></tr>\n",
			h(p.Link(r.Page)), h(r.Label), r.Signed, r.Signed, h(r.Areas), r.NoticeLang, h(r.SourceURL), h(r.Notice), files)
	}
	b.WriteString("</tbody>\n</table></div>\n")
	return template.HTML(b.String())
}

// batchRows are the batches of the table t of a kind, newest last.
func (r *renderer) batchRows(p *Page, t *data.Table) []batchRow {
	var out []batchRow
	for _, b := range t.Batches {
		id := b.Kind.Batch(b.Number)
		n := b.Notice
		title, lang := r.noticeName(p, n), "en"
		if p.Lang == "zh" {
			lang = "zh-CN"
		}
		out = append(out, batchRow{Label: lists.UpperFirst(batchLabel(p, b.Kind, b.Number)), Page: batchPage(b.Kind, b.Number),
			Signed: n.Signed.Format(data.Date), Published: n.Published.Format(data.Date),
			Areas: count(p, names(p, b.Kind), b.Count), Notice: title, NoticeLang: lang, SourceURL: n.SourceURL,
			XLSX: r.file(id, "xlsx"), CSV: r.file(id, "csv")})
	}
	return out
}

// exportCSV is the output whose lines the table's export copies: the CSV
// for spreadsheets, so that the rows shown reach a spreadsheet defused as
// that file has them (data.Neutralise), by the one rule.
const exportCSV = "excel-csv"

// file is the path of the file of output id written for table t, or ""
// when there is none.
func (r *renderer) file(t lists.Table, id string) string {
	if set := r.files.Set(t); set != nil {
		for _, f := range set.Files {
			if f.Output.ID == id {
				return f.Path
			}
		}
	}
	return ""
}

// wholeFiles gives a table with filters what it says when they find
// nothing or cannot work: which lists the site holds (noMatch), the CSV
// its export copies the lines of, and the whole files of table t.
func (r *renderer) wholeFiles(p *Page, tv *tableData, t lists.Table) {
	tv.NoMatch = r.noMatch(p)
	tv.CSV = r.file(t, exportCSV)
	for _, f := range []option{{r.file(t, "xlsx"), p.T("workbook") + p.T("open_paren") + "XLSX" + p.T("close_paren")}, {r.file(t, "csv"), "CSV"}} {
		if f.Value != "" {
			tv.Files = append(tv.Files, f)
		}
	}
}

// kindSummaries are the kinds of list that have batches, and the first
// kind (the national pilots) whatever it has.
func (r *renderer) kindSummaries(p *Page) []kindSummary {
	var out []kindSummary
	for _, t := range r.published() {
		out = append(out, r.kindSummary(p, t))
	}
	return out
}

// kindSummary is the kind of list whose table of every batch is t.
func (r *renderer) kindSummary(p *Page, t *data.Table) kindSummary {
	k := kindSummary{Name: programme(p, t.Kind), Page: kindPath(t.Kind), Batches: r.batchRows(p, t),
		XLSX: r.file(t.Table, "xlsx"), CSV: r.file(t.Table, "csv"), Count: len(t.Rows), BatchCount: len(t.Batches),
		Areas:       fmt.Sprintf(p.T("count_in_batches"), count(p, names(p, t.Kind), len(t.Rows)), batches(p, len(t.Batches))),
		Description: fmt.Sprintf(p.T("kind_description"), programme(p, t.Kind)), Covers: lists.UpperFirst(r.covers(p, t.Kind))}
	k.Table = batchesTable(p, fmt.Sprintf(p.T("batches_caption"), names(p, t.Kind).Programme), k.Batches)
	if n := len(k.Batches); n > 0 {
		k.Latest = &k.Batches[n-1]
	}
	return k
}

type listsData struct {
	Kinds    []kindSummary
	Coverage *coverage
	Table    *tableData // every designation, with filters
	Charts   []chart
}

// listsPage renders the page of every list and batch, with the table of
// every designation and the charts.
func (r *renderer) listsPage(lang string) error {
	p := r.page(listsPath, lang)
	p.Title = p.T("lists")
	p.Description = fmt.Sprintf(p.T("lists_description"), kindCounts(p, r.Table.Catalog, pointers(r.Table.Rows))) + coverSentence(p, r.coversAll(p))
	p.Script = true
	charts, err := r.charts(p, true)
	if err != nil {
		return err
	}
	p.Data = &listsData{Kinds: r.kindSummaries(p), Coverage: r.coverage(p), Table: r.homeTable(p), Charts: charts}
	return r.render("lists.html", p)
}

type kindData struct {
	Kind      kindSummary
	Table     *tableData // its every batch, with filters
	Downloads []downloadGroup
}

// kindPage renders the page of a kind of list: its batches, its table
// with filters and facets, and its downloads.
func (r *renderer) kindPage(t *data.Table, lang string) error {
	p := r.page(kindPath(t.Kind), lang)
	p.Title = programme(p, t.Kind)
	p.Description = fmt.Sprintf(p.T("kind_page_description"), programme(p, t.Kind), count(p, names(p, t.Kind), len(t.Rows)), batches(p, len(t.Batches))) + coverSentence(p, r.covers(p, t.Kind))
	p.Script = true
	rows := pointers(t.Rows[:min(len(t.Rows), pageRows)])
	caption := fmt.Sprintf(p.T("caption_all"), count(p, names(p, t.Kind), len(t.Rows)))
	if len(t.Rows) > pageRows {
		caption = fmt.Sprintf(p.T("caption_first"), pageRows, count(p, names(p, t.Kind), len(t.Rows)))
	}
	tv := r.table(p, rows, caption, rowOptions{filters: true})
	r.wholeFiles(p, tv, t.Table)
	var sets []*data.Set
	for _, s := range r.files.Sets {
		if s.Table.Kind == t.Kind {
			sets = append(sets, s)
		}
	}
	p.Data = &kindData{Kind: r.kindSummary(p, t), Table: tv, Downloads: r.downloads(p, sets, false)}
	return r.render("kind.html", p)
}
