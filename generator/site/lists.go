package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/notice"
)

// download is a file as the downloads tables show it.
type download struct {
	Name, Path, Base string // the format's name; the file's path from the root, and name
	For              string // who the file is for, for a data file
	Size, SHA256     string
}

type downloadGroup struct {
	Caption string
	Files   []download
}

// downloads groups the files of the given batches (0 for the table of
// every batch), one group per table: the data files, and with withMeta
// the metadata and checksums too.
func (r *renderer) downloads(p *Page, batches []int, withMeta bool) []downloadGroup {
	var groups []downloadGroup
	for _, b := range batches {
		g := downloadGroup{Caption: p.T("downloads_all")}
		if b > 0 {
			g.Caption = fmt.Sprintf(p.T("downloads_batch"), b)
		}
		for _, f := range r.files.Set(b).Files {
			d := download{Name: f.Output.Name, Path: f.Path, Base: f.Base(), Size: FormatSize(f.Bytes), SHA256: f.SHA256}
			switch {
			case f.Output.Kind == data.DataFile:
				d.For = p.T("for_" + f.Output.ID)
			case !withMeta:
				continue
			}
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
	Pilots, BatchCount, Provinces int
	TileMap, BarChart             template.HTML
	Table                         *tableData
	Downloads                     []downloadGroup
	Notices                       []noticeLink
	Citation, BibTeX              string
}

type noticeLink struct {
	Title, Signed, SourceURL, ArchivedURL, Page string
}

func (r *renderer) noticeLinks() []noticeLink {
	var out []noticeLink
	for _, b := range r.Table.Batches {
		n := b.Notice
		out = append(out, noticeLink{n.Title, n.Signed.Format(data.Date), n.SourceURL, n.ArchivedURL, batchPage(b.Number)})
	}
	return out
}

func (r *renderer) home(lang string) error {
	p := r.page("index.html", lang)
	groups := r.groups
	p.Title = p.T("title")
	p.Description = fmt.Sprintf(p.T("home_description"), len(r.Table.Pilots), len(r.Table.Batches))
	p.Script = true
	p.Data = &homeData{
		Pilots: len(r.Table.Pilots), BatchCount: len(r.Table.Batches), Provinces: len(groups),
		TileMap:   tileMap(p, groups),
		BarChart:  barChart(p, groups),
		Table:     r.homeTable(p),
		Downloads: r.downloads(p, []int{0}, false),
		Notices:   r.noticeLinks(),
		Citation:  data.Citation(r.Table),
		BibTeX:    bibTeX(r.Table, r.BaseURL),
	}
	var err error
	if p.JSONLD, err = jsonLD(r.datasetLD(r.files.Set(0), p)); err != nil {
		return err
	}
	return r.render("home.html", p)
}

// homeTable is every pilot, or the first pageRows of a longer table with
// a caption that points to the province pages and the downloads.
func (r *renderer) homeTable(p *Page) *tableData {
	all := pointers(r.Table.Pilots[:min(len(r.Table.Pilots), pageRows)])
	if len(r.Table.Pilots) <= pageRows {
		return r.table(p, all, fmt.Sprintf(p.T("caption_all"), len(all)), true)
	}
	return r.table(p, all, fmt.Sprintf(p.T("caption_first"), pageRows, len(r.Table.Pilots)), true)
}

type batchData struct {
	Number                      int
	Title, TranslatedTitle      string
	Signed, SignedZH, Published string
	Count                       int
	SourceURL, ArchivedURL      string
	Offices                     []string
	Body                        []paragraph
	AnnexTitle                  string
	Translation                 []string
	Table                       *tableData
	Downloads                   []downloadGroup
}

type paragraph struct{ Kind, Text string }

func (r *renderer) batch(b data.Batch, lang string) error {
	set := r.files.Set(b.Number)
	if set == nil {
		return fmt.Errorf("batch %d: no files", b.Number)
	}
	n, t := b.Notice, set.Table
	paths, chunks := paginate(batchPage(b.Number), pointers(t.Pilots))
	p := r.page(paths[0], lang)
	p.Title = n.Title
	if lang != "zh" {
		p.Title = fmt.Sprintf(p.T("batch_title"), b.Number)
	}
	p.Description = fmt.Sprintf(p.T("batch_description"), n.Title, b.Pilots, n.Signed.Format(data.Date))
	caption := fmt.Sprintf(p.T("caption_batch"), b.Number, len(t.Pilots))
	table := r.table(p, chunks[0], caption, false)
	table.Pager = pager(paths, 0)
	d := &batchData{
		Number: b.Number, Title: n.Title, Count: b.Pilots,
		Signed: n.Signed.Format(data.Date), Published: n.Published.Format(data.Date),
		SignedZH:  fmt.Sprintf("%d年%d月%d日", n.Signed.Year(), n.Signed.Month(), n.Signed.Day()),
		SourceURL: n.SourceURL, ArchivedURL: n.ArchivedURL, Offices: n.Offices, AnnexTitle: n.AnnexTitle,
		Table:     table,
		Downloads: r.downloads(p, []int{b.Number}, false),
	}
	for _, para := range n.Body {
		kind := map[notice.ParagraphKind]string{notice.Text: "text", notice.Addressee: "addressee", notice.Heading: "heading"}[para.Kind]
		d.Body = append(d.Body, paragraph{kind, para.Text})
	}
	if lang == "en" && n.TranslatedContent != "" {
		d.TranslatedTitle = n.TranslatedTitle
		d.Translation = strings.Split(n.TranslatedContent, "\n")
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
		tv := r.table(q, chunks[i], caption, false)
		tv.Pager = pager(paths, i)
		q.Data = &provinceData{Name: q.Title, Summary: p.Description, Table: tv}
		if err := r.render("province.html", q); err != nil {
			return err
		}
	}
	return nil
}

type provinceData struct {
	Name, Summary string
	Table         *tableData
}

func (r *renderer) province(g *provinceGroup, lang string) error {
	name := g.Name
	if lang != "zh" && g.NameEN != "" {
		name = g.NameEN + " (" + g.Name + ")"
	}
	batches := map[int]bool{}
	for _, pl := range g.Pilots {
		batches[pl.Batch] = true
	}
	paths, chunks := paginate(provincePath(g.Slug), g.Pilots)
	for i, path := range paths {
		p := r.page(path, lang)
		p.Title = name
		if i > 0 {
			p.Title = fmt.Sprintf(p.T("page_of"), name, i+1, len(paths))
		}
		p.Description = fmt.Sprintf(p.T("province_description"), name, len(g.Pilots))
		tv := r.table(p, chunks[i], fmt.Sprintf(p.T("caption_province"), name, len(g.Pilots)), false)
		tv.Pager = pager(paths, i)
		p.Data = &provinceData{
			Name:    p.Title,
			Summary: fmt.Sprintf(p.T("province_summary"), name, len(g.Pilots), len(batches)),
			Table:   tv,
		}
		if err := r.render("province.html", p); err != nil {
			return err
		}
	}
	return nil
}

type dataPageData struct {
	Downloads []downloadGroup
	Recipes   []Recipe // code that loads pilots.csv of all batches
}

func (r *renderer) dataPage(lang string) error {
	p := r.page("data/index.html", lang)
	p.Title = p.T("downloads")
	p.Description = p.T("data_description")
	batches := []int{0}
	for _, b := range r.Table.Batches {
		batches = append(batches, b.Number)
	}
	p.Data = &dataPageData{Downloads: r.downloads(p, batches, true), Recipes: Recipes(r.BaseURL + r.Table.Dir() + "/" + data.CSVFile)}
	return r.render("data.html", p)
}
