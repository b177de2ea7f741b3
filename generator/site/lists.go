package site

import (
	"fmt"
	"html/template"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
)

// download is a file as the downloads tables show it.
type download struct {
	Name, Path, Base string // the format's name; the file's path from the root, and name
	For              string // who the file is for, for a data file
	Size, SHA256     string
}

type downloadGroup struct {
	ID      string // its anchor, made from its folder: dl-data, dl-data-batch-3
	Caption string
	Files   []download
	Also    []string // folders that hold the same rows (the same bytes but for the workbook)
}

// downloads groups the files of the given sets, one group per table: the
// data files, and with withMeta the metadata and checksums too. A table
// that holds the same rows as another of the sets is not listed twice:
// the only batch of a kind is its table of every batch, and the combined
// table of a site with one kind of list is that kind's table. Such a
// table's group says where its copy lives, in Also.
func (r *renderer) downloads(p *Page, sets []*data.Set, withMeta bool) []downloadGroup {
	var groups []downloadGroup
	kinds := 0 // the kinds with rows among the sets
	for _, set := range sets {
		if t := set.Table; t.Scope == lists.EveryBatch && len(t.Rows) > 0 {
			kinds++
		}
	}
	has := func(id lists.Table) bool {
		return slices.ContainsFunc(sets, func(s *data.Set) bool { return s.Table.Table == id })
	}
	for _, set := range sets {
		t := set.Table
		g := downloadGroup{ID: "dl-" + strings.ReplaceAll(t.Dir(), "/", "-"), Caption: tableCaption(p, t)}
		switch t.Scope {
		case lists.EveryList:
			if kinds == 1 {
				continue // listed as its kind's, which says so
			}
		case lists.OneBatch:
			if len(r.of(t.Kind).Batches) == 1 && has(t.Kind.All()) {
				continue // listed as the kind's table of every batch, which says so
			}
		case lists.EveryBatch:
			if bs := r.of(t.Kind).Batches; len(bs) == 1 {
				g.Caption = fmt.Sprintf(p.T("downloads_only_batch"), programme(p, t.Kind), bs[0].Number)
				if has(t.Kind.Batch(bs[0].Number)) {
					g.Also = append(g.Also, t.Kind.Batch(bs[0].Number).Dir()+"/")
				}
			}
			if all := r.Table.Catalog.All(); kinds == 1 && len(t.Rows) > 0 && has(all) {
				g.Also = append(g.Also, all.Dir()+"/")
			}
		}
		for _, f := range set.Files {
			d := download{Name: f.Output.Title(p.Lang), Path: f.Path, Base: f.Base(), Size: FormatSize(f.Bytes), SHA256: f.SHA256}
			if f.Output.Kind != data.DataFile && !withMeta {
				continue
			}
			d.For = p.T("for_" + f.Output.ID)
			g.Files = append(g.Files, d)
		}
		groups = append(groups, g)
	}
	return groups
}

// FormatSize writes a size in bytes for people: 812 B, 12.3 KB, 4.5 MB.
func FormatSize(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + " KB"
	default:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	}
}

type homeData struct {
	Kinds                         []kindSummary // each kind of list: its page, counts, latest batch, workbook and CSV
	Latest                        []noticeLink  // the notices, newest first
	Figures                       []figure      // the key figures: each kind's areas and batches, the provinces
	Pilots, BatchCount, Provinces int           // the first kind's areas and batches (kept for older templates), the provinces of any list
	PioneerZones, PioneerBatches  int           // the second kind's (kept for older templates)
	TileMap, BarChart             template.HTML // the inline SVG of Charts[0] and Charts[1]
	Charts                        []chart
	About                         *aboutData
	Table                         *tableData // every designation
	PioneerTable                  *tableData // the second kind's rows (kept for older templates); nil when it has none
	Coverage                      *coverage
	Downloads                     []downloadGroup
	Notices                       []noticeLink
	Citation, BibTeX              string
	CiteGB                        template.HTML // the citation in GB/T 7714 form
}

// figure is one key figure: what is counted, how many, and which
// batches that covers when one announced is not held (covers; "" when
// every one is).
type figure struct {
	Label string
	Value int
	Note  string
}

// aboutData says who publishes the data, when it last changed and what
// its next update waits for, and where to report a problem.
type aboutData struct {
	Publisher, Modified, ReportURL string
}

// about is the aboutData of the site.
func (r *renderer) about(p *Page) *aboutData {
	return &aboutData{Publisher: r.Publisher.Name(p.Lang), Modified: r.Table.Modified().Format(data.Date), ReportURL: r.ReportURL}
}

type noticeLink struct {
	Title, Signed, SourceURL, ArchivedURL, Page string
	Lang                                        string // the language of Title (its HTML lang)
}

// noticeName is a notice's title in p's language: its own; in English,
// the title announced.md gives it (a short title by people, marked as the
// site's translation), else its machine translation, marked so, else what
// it announces.
func (r *renderer) noticeName(p *Page, n *notice.Notice) string {
	if p.Lang == "zh" {
		return n.Title
	}
	for _, l := range n.Lists {
		for _, a := range r.announced {
			if a.Kind == l.Kind && a.Batch == l.Batch && a.TitleEN != "" {
				return a.TitleEN + p.T("translated_here")
			}
		}
	}
	if n.TranslatedTitle != "" {
		return n.TranslatedTitle + p.T("machine_translated")
	}
	var labels []string
	for _, l := range n.Lists {
		labels = append(labels, batchLabel(p, l.Kind, l.Batch))
	}
	return fmt.Sprintf(p.T("notice_on"), and(p, labels))
}

// newestFirst orders notices by their signing date, newest first.
func newestFirst(ns []noticeLink) []noticeLink {
	out := slices.Clone(ns)
	slices.SortStableFunc(out, func(a, b noticeLink) int { return strings.Compare(b.Signed, a.Signed) })
	return out
}

// noticeLinks lists each notice once, linked to the page of its first
// list, titled in p's language (renderer.noticeName): on English pages a notice
// without a translation is named by what it announces, in English.
func (r *renderer) noticeLinks(p *Page) []noticeLink {
	var out []noticeLink
	seen := map[*notice.Notice]bool{}
	lang := "en"
	if p.Lang == "zh" {
		lang = "zh-CN"
	}
	for _, b := range r.Table.Batches {
		if n := b.Notice; !seen[n] {
			seen[n] = true
			out = append(out, noticeLink{r.noticeName(p, n), n.Signed.Format(data.Date), n.SourceURL, n.ArchivedURL, batchPage(b.Kind, b.Number), lang})
		}
	}
	return out
}

func (r *renderer) home(lang string) error {
	p := r.page("index.html", lang)
	groups := r.groups
	p.Title = p.T("title")
	p.Description = fmt.Sprintf(p.T("home_description"), kindCounts(p, r.Table.Catalog, pointers(r.Table.Rows))) + coverSentence(p, r.coversAll(p))
	p.Script = true
	var sets []*data.Set
	var figures []figure
	for _, t := range r.published() {
		sets = append(sets, r.files.Set(t.Table))
		n, note := names(p, t.Kind), r.covers(p, t.Kind)
		figures = append(figures, figure{lists.UpperFirst(n.Short), len(t.Rows), note}, figure{fmt.Sprintf(p.T("kind_batches"), n.Short), len(t.Batches), note})
	}
	provinces := p.T("provinces")
	if slices.ContainsFunc(groups, func(g *provinceGroup) bool { return g.Slug == "xpcc" }) {
		provinces = p.T("provinces_corps") // 32 is 31 and the Corps
	}
	figures = append(figures, figure{provinces, len(groups), r.coversAll(p)})
	charts, err := r.charts(p, false) // its files are written with the lists page's
	if err != nil {
		return err
	}
	first := r.kinds[0]
	d := &homeData{
		Figures: figures,
		Pilots:  len(first.Rows), BatchCount: len(first.Batches), Provinces: len(groups),
		TileMap:   charts[0].SVG,
		BarChart:  charts[1].SVG,
		Charts:    charts,
		About:     r.about(p),
		Kinds:     r.kindSummaries(p),
		Latest:    newestFirst(r.noticeLinks(p)),
		Table:     r.homeTable(p),
		Coverage:  r.coverage(p),
		Downloads: r.downloads(p, append(sets, r.files.Set(r.Table.Catalog.All())), false),
		Notices:   r.noticeLinks(p),
		Citation:  data.Citation(r.Table, r.Publisher),
		BibTeX:    bibTeX(r.Table, r.BaseURL, r.Publisher),
		CiteGB:    citationGB(r.Table, r.BaseURL, r.Publisher),
	}
	if len(r.kinds) > 1 {
		second := r.kinds[1]
		d.PioneerZones, d.PioneerBatches = len(second.Rows), len(second.Batches)
		if n := len(second.Rows); n > 0 {
			rows := writeRows(p, pointers(second.Rows[:min(n, pageRows)]), rowOptions{})
			d.PioneerTable = &tableData{Caption: fmt.Sprintf(p.T("caption_all"), count(p, names(p, second.Kind), n)), Rows: template.HTML(rows.String())}
			buffers.Put(rows)
		}
	}
	p.Data = d
	return r.render("home.html", p)
}

// homeTable is every designation of every list, or the first pageRows of
// a longer table with a caption that points to the province pages and
// the downloads. Its caption says what it holds: one batch is not "all
// batches".
func (r *renderer) homeTable(p *Page) *tableData {
	rows := r.Table.Rows
	all := pointers(rows[:min(len(rows), pageRows)])
	caption := fmt.Sprintf(p.T("caption_all"), kindCounts(p, r.Table.Catalog, all))
	if len(rows) > pageRows {
		caption = fmt.Sprintf(p.T("caption_first"), pageRows, count(p, r.Table.Names(p.Lang), len(rows)))
	}
	tv := r.table(p, all, caption, rowOptions{filters: true})
	r.wholeFiles(p, tv, r.Table.Catalog.All())
	return tv
}

type batchData struct {
	Number                      int
	List                        string      // the kind's id: pilot, pioneer_zone
	Kind                        string      // the kind's name in the page's language
	BatchLabel                  string      // the batch with its kind: 试点第3批
	ReadFrom                    string      // the file its list was read from, in the seeds folder, and where in it
	ReadFromAnnex               string      // where the list was read from, in people's words: 通知附件1, annex 1 to the notice
	XLSX, CSV                   string      // its workbook and CSV, from the root
	Annexes                     []annexLink // every annex of the notice, each linked to its batch's page
	Title, TranslatedTitle      string
	TitleEN                     string // on English pages, the notice's title in English (renderer.noticeName)
	Signed, SignedZH, Published string
	Count                       int
	Stated                      int         // the count the notice states, 0 when none was found (the page says so)
	Source                      *sourceLink // the attachment the list was read from, as published here; nil for none
	SourceURL, ArchivedURL      string
	Offices                     []string
	Body                        []paragraph
	AnnexTitle                  string
	Translation                 []string
	Table                       *tableData
	Downloads                   []downloadGroup
}

type paragraph struct{ Kind, Text string }

// sourceLink is the published copy of the attachment a list was read from:
// its page-relative address, what it is, and how it was retrieved.
type sourceLink struct {
	Href, Name, Format, Size, SHA256 string
	Retrieved                        string // YYYY-MM-DD; "" for a file saved by hand
	URL                              string // where it was fetched from; "" for a file saved by hand
	About                            string // format, size and retrieval in the page's language: （PDF，13.8 KB，获取于 …；…）
}

// sourceOf is the link to b's source on page p, nil when it has none.
func sourceOf(p *Page, s *data.Source) *sourceLink {
	if s == nil {
		return nil
	}
	l := &sourceLink{Href: s.Href(), Name: s.Name, Format: strings.ToUpper(strings.TrimPrefix(path.Ext(s.Name), ".")), Size: FormatSize(s.Size), SHA256: s.SHA256, URL: s.URL}
	retrieved := ""
	if !s.Retrieved.IsZero() {
		l.Retrieved = s.Retrieved.Format(data.Date)
		retrieved = fmt.Sprintf(p.T("retrieved_on"), l.Retrieved)
	}
	l.About = fmt.Sprintf(p.T("source_copy_about"), l.Format, l.Size, retrieved)
	return l
}

// sectionRe starts a section of a notice's English translation: the
// numbered parts (一、 二、 become "First," "Second,") and the annexes.
var sectionRe = regexp.MustCompile(`[.:] ((?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth), |Annex(?:es)?: )`)

// translationParagraphs splits a notice's machine translation into its
// paragraphs: at its line ends, or, when the translation is one line (as
// the seed's is, some 3,000 words), before each numbered part and the
// annexes.
func translationParagraphs(s string) []string {
	if strings.Contains(s, "\n") {
		return strings.Split(s, "\n")
	}
	var out []string
	for {
		m := sectionRe.FindStringSubmatchIndex(s)
		if m == nil {
			return append(out, s)
		}
		out = append(out, s[:m[0]+1]) // the sentence's period stays with it
		s = s[m[2]:]
	}
}

// annexLink is an annex of a notice: its number (0 for a plain 附件), its
// title as printed, and the page of its batch, which Current marks as the
// page it is on.
type annexLink struct {
	Number      int
	Title, Page string
	Current     bool
}

func (r *renderer) batch(b data.Batch, lang string) error {
	set := r.files.Set(b.Kind.Batch(b.Number))
	if set == nil {
		return fmt.Errorf("%s: no files", lists.BatchLabel(b.Kind, b.Number, "en"))
	}
	n, t := b.Notice, set.Table
	paths, chunks := paginate(batchPage(b.Kind, b.Number), pointers(t.Rows))
	p := r.page(paths[0], lang)
	p.Title = n.Title
	if len(n.Lists) > 1 && b.Annex != "" {
		p.Title = b.Annex
	}
	if lang != "zh" {
		p.Title = batchTitle(p, b.Kind, b.Number)
	}
	p.Description = fmt.Sprintf(p.T("batch_description"), p.Title, count(p, names(p, b.Kind), b.Count), n.Signed.Format(data.Date))
	caption := fmt.Sprintf(p.T("caption_batch"), batchLabel(p, b.Kind, b.Number), count(p, names(p, b.Kind), len(t.Rows)))
	table := r.table(p, chunks[0], caption, rowOptions{omit: omitted{batch: true}})
	table.Pager = pager(paths, 0)
	d := &batchData{
		Number: b.Number, Title: n.Title, Count: b.Count, Stated: b.Stated, Source: sourceOf(p, b.Source),
		Signed: n.Signed.Format(data.Date), Published: n.Published.Format(data.Date),
		SignedZH:  fmt.Sprintf("%d年%d月%d日", n.Signed.Year(), n.Signed.Month(), n.Signed.Day()),
		SourceURL: n.SourceURL, ArchivedURL: n.ArchivedURL, Offices: n.Offices, AnnexTitle: b.Annex,
		List: b.Kind.ID, Kind: programme(p, b.Kind), BatchLabel: batchLabel(p, b.Kind, b.Number), ReadFrom: b.From,
		XLSX: r.file(b.Kind.Batch(b.Number), "xlsx"), CSV: r.file(b.Kind.Batch(b.Number), "csv"),
		Table:     table,
		Downloads: r.downloads(p, []*data.Set{set}, false),
	}
	for _, l := range n.Lists {
		title := l.Title
		if title == "" {
			title = lists.BatchLabel(l.Kind, l.Batch, "zh")
		}
		current := l.Kind == b.Kind && l.Batch == b.Number
		d.Annexes = append(d.Annexes, annexLink{Number: l.Annex, Title: title, Page: batchPage(l.Kind, l.Batch), Current: current})
		if current {
			d.ReadFromAnnex = p.T("read_from_annex")
			if l.Annex > 0 {
				d.ReadFromAnnex = fmt.Sprintf(p.T("read_from_annex_n"), l.Annex)
			}
		}
	}
	for _, para := range n.Body {
		kind := map[notice.ParagraphKind]string{notice.Text: "text", notice.Addressee: "addressee", notice.Heading: "heading"}[para.Kind]
		d.Body = append(d.Body, paragraph{kind, para.Text})
	}
	if lang != "zh" {
		d.TitleEN = r.noticeName(p, n)
	}
	if lang == "en" && n.TranslatedContent != "" {
		d.TranslatedTitle = n.TranslatedTitle
		d.Translation = translationParagraphs(n.TranslatedContent)
	}
	p.Data = d
	var err error
	if p.JSONLD, err = jsonLD(r.datasetLD(set, p)); err != nil {
		return err
	}
	if err := r.render("batch.html", p); err != nil {
		return err
	}
	// The rest of a long list, on pages of its own.
	for i := 1; i < len(paths); i++ {
		q := r.page(paths[i], lang)
		q.Title = fmt.Sprintf(p.T("page_of"), p.Title, i+1, len(paths))
		q.Description = p.Description
		tv := r.table(q, chunks[i], caption, rowOptions{omit: omitted{batch: true}})
		tv.Pager = pager(paths, i)
		q.Data = &provinceData{Name: q.Title, Summary: p.Description, Table: tv,
			Crumbs: template.HTML(crumbs(q, append(homeCrumbs(q), crumb{programme(q, b.Kind), kindPath(b.Kind)}, crumb{batchLabel(q, b.Kind, b.Number), paths[0]}), crumb{Label: q.Title}))}
		if err := r.render("province.html", q); err != nil {
			return err
		}
	}
	return nil
}

type provinceData struct {
	Name, Summary string
	Covers        string        // which batches the counts cover, when one announced is not held (covers); "" when every one is
	Facts         template.HTML // what the table leaves out, stated once (facts); "" for none
	Crumbs        template.HTML // the breadcrumb: the pages above this one (crumbs)
	Heading       string        // the table's heading; "" for the list's ("全部名单")
	Table         *tableData
	JSON          string // an area's page: its JSON (areas/<id>.json), from the root
}

// province renders a province's pages: from proto, the prototype of
// province pages in lang (prototype.go), when it is not nil and the
// province's list fits on one page; else by running the template.
func (r *renderer) province(g *provinceGroup, lang string, proto []string) error {
	name := g.Name
	if lang != "zh" && g.NameEN != "" {
		name = g.NameEN // the Chinese name is in the facts (or the table), marked as Chinese
	}
	t := r.page("", lang)
	summary := fmt.Sprintf(t.T("province_summary"), name, kindCounts(t, r.Table.Catalog, g.Rows))
	all := r.Table.Names(lang)
	desc := fmt.Sprintf(t.T("province_description"), name, count(t, all, len(g.Rows))) + coverSentence(t, r.coversAll(t))
	caption := fmt.Sprintf(t.T("caption_province"), name, count(t, all, len(g.Rows)))
	paths, chunks := paginate(provincePath(g.Slug), g.Rows)
	o := r.omit(omitted{province: true})
	if p := r.page(paths[0], lang); proto != nil && len(paths) == 1 {
		// A page that leaves a column out but has nothing to state in its
		// place runs its template, which may show the facts in a frame.
		if f := facts(p, g.Rows[0], o, ""); f != "" || o == (omitted{}) {
			return r.fromPrototype(p.file(), proto, protoValues{g.Slug, name, desc, summary, caption, f, crumbs(p, homeCrumbs(p), crumb{Label: name}), writeRows(p, chunks[0], rowOptions{omit: o})})
		}
	}
	for i, path := range paths {
		p := r.page(path, lang)
		p.Title = name
		if i > 0 {
			p.Title = fmt.Sprintf(p.T("page_of"), name, i+1, len(paths))
		}
		p.Description = desc
		tv := r.table(p, chunks[i], caption, rowOptions{omit: o})
		tv.Pager = pager(paths, i)
		p.Data = &provinceData{Name: p.Title, Summary: summary, Facts: template.HTML(facts(p, g.Rows[0], o, "")), Table: tv, Covers: lists.UpperFirst(r.coversAll(p)),
			Crumbs: template.HTML(crumbs(p, homeCrumbs(p), crumb{Label: p.Title}))}
		if err := r.render("province.html", p); err != nil {
			return err
		}
	}
	return nil
}

type dataPageData struct {
	Downloads []downloadGroup
	Recipes   []Recipe // code that loads pilots.csv of all batches
	About     *aboutData
}

func (r *renderer) dataPage(lang string) error {
	p := r.page("data/index.html", lang)
	p.Title = p.T("downloads")
	p.Description = p.T("data_description")
	p.Data = &dataPageData{Downloads: r.downloads(p, r.files.Sets, true), Recipes: Recipes(r.BaseURL + r.kinds[0].Dir() + "/" + data.CSVFile), About: r.about(p)}
	// The downloads page is the landing page of each kind's table of
	// every batch and of the combined table: one Dataset each, in a graph,
	// with the identifiers the catalog gives them.
	var graph []map[string]any
	for _, set := range r.files.Sets {
		if set.Table.Scope != lists.OneBatch {
			ld := r.datasetLD(set, p)
			delete(ld, "@context")
			graph = append(graph, ld)
		}
	}
	var err error
	if p.JSONLD, err = jsonLD(map[string]any{"@context": "https://schema.org", "@graph": graph}); err != nil {
		return err
	}
	return r.render("data.html", p)
}
