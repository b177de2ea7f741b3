package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/settings"
)

type contentData struct {
	HTML, Extra      template.HTML
	Citation, BibTeX string        // shown by the "citation" template when set
	CiteGB           template.HTML // the citation in GB/T 7714 form, with it
}

// markdown renders Markdown; raw HTML in the source is not passed through.
var markdown = goldmark.New()

// contentPage renders content/<key>.<lang>.md, whose first line is its
// "# title" and whose first paragraph is its description, and adds the
// page's generated part.
func (r *renderer) contentPage(c navItem, lang string) error {
	src, err := fs.ReadFile(r.content, c.Key+"."+lang+".md")
	if err != nil {
		return err
	}
	title, desc, err := titleAndDescription(string(src))
	if err != nil {
		return fmt.Errorf("%s.%s.md: %w", c.Key, lang, err)
	}
	var buf bytes.Buffer
	if err := markdown.Convert(src, &buf); err != nil {
		return err
	}
	p := r.page(c.Path, lang)
	p.Title, p.Description = title, desc
	d := &contentData{HTML: template.HTML(buf.String())}
	switch c.Key {
	case "dictionary":
		d.Extra = dictionaryTable(p, r.Table.Catalog)
	case "cite":
		d.Citation, d.BibTeX, d.CiteGB = data.Citation(r.Table, r.Publisher), bibTeX(r.Table, r.BaseURL, r.Publisher), citationGB(r.Table, r.BaseURL, r.Publisher)
		p.Script = true // the copy buttons and the date accessed
	case "changelog":
		d.Extra = r.changelog(p)
	}
	p.Data = d
	return r.render("page.html", p)
}

// titleAndDescription reads a page's "# title" line and first paragraph,
// as plain text.
func titleAndDescription(src string) (string, string, error) {
	paras := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n\n")
	if len(paras) < 2 || !strings.HasPrefix(paras[0], "# ") {
		return "", "", fmt.Errorf("want a \"# title\" line and a paragraph")
	}
	desc := strings.Join(strings.Fields(strings.NewReplacer("`", "", "*", "", "_", "").Replace(paras[1])), " ")
	return strings.TrimPrefix(paras[0], "# "), desc, nil
}

// dictionaryTable lists every field of the data dictionary.
func dictionaryTable(p *Page, kinds *lists.Catalog) template.HTML {
	var b strings.Builder
	h := template.HTMLEscapeString
	fmt.Fprintf(&b, "<h2>%s</h2>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"fields-caption\"><table>\n<caption id=\"fields-caption\">%s</caption>\n", h(p.T("dictionary_fields")), h(p.T("dictionary_fields")))
	fmt.Fprintf(&b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		h(p.T("name")), h(p.T("type")), h(p.T("meaning")), h(p.T("from")))
	for _, f := range data.Fields {
		title, source := f.TitleZH, f.SourceZH
		if p.Lang != "zh" {
			title, source = f.TitleEN, f.Source
		}
		fmt.Fprintf(&b, "<tr><th scope=\"row\"><code>%s</code><br>%s</th><td>%s</td><td>%s<br><small>%s</small></td><td>%s</td></tr>\n",
			h(f.Name), h(title), h(f.Type), h(f.Desc(p.Lang, kinds)), h(f.Example), h(source))
	}
	b.WriteString("</tbody>\n</table></div>\n")
	return template.HTML(b.String())
}

// citationGB cites t in the form of GB/T 7714-2015 for an online dataset
// ([DS/OL]), as Chinese publications cite: the publisher, the title, the
// version, the date the data last changed, the date accessed and the
// address. The date accessed is the reader's: the page holds a
// placeholder that the script fills in with the day's date, since a build
// reads no clock.
func citationGB(t *data.Table, baseURL string, pub settings.Publisher) template.HTML {
	h := template.HTMLEscapeString
	return template.HTML(fmt.Sprintf(`%s. %s[DS/OL]. %s 版. (%s)[<span class="today">%s</span>]. %s.`,
		h(pub.NameZH), h(t.Title("zh")), h(t.Version()), t.Modified().Format(data.Date), h(messages["zh"]["access_date"]), h(baseURL)))
}

// bibTeX is a @misc entry for the table of all batches.
func bibTeX(t *data.Table, baseURL string, pub settings.Publisher) string {
	m := t.Modified()
	return fmt.Sprintf(`@misc{bianmin_pilots_%d,
  title     = {{%s · %s}},
  author    = {{%s}},
  year      = {%d},
  month     = {%d},
  version   = {%s},
  url       = {%s},
  note      = {Data from the notices of the Ministry of Commerce of the PRC and other ministries. %s}
}`, m.Year(), t.Title("zh"), t.Title("en"), pub.NameEN, m.Year(), int(m.Month()), t.Version(), baseURL, data.LicenseID)
}

// changelog lists the batches, newest first, dated by their notices.
func (r *renderer) changelog(p *Page) template.HTML {
	var b strings.Builder
	b.WriteString("<ul>\n")
	for i := len(r.Table.Batches) - 1; i >= 0; i-- {
		batch := r.Table.Batches[i]
		n := batch.Notice
		text := fmt.Sprintf(p.T("changelog_batch"), lists.UpperFirst(batchLabel(p, batch.Kind, batch.Number)), count(p, names(p, batch.Kind), batch.Count), n.Signed.Format(data.Date), n.Published.Format(data.Date))
		fmt.Fprintf(&b, "<li><time datetime=\"%s\">%s</time>%s<a href=\"%s\">%s</a></li>\n",
			n.Published.Format(data.Date), n.Published.Format(data.Date), p.T("date_sep"),
			template.HTMLEscapeString(p.Link(batchPage(batch.Kind, batch.Number))), template.HTMLEscapeString(text))
	}
	b.WriteString("</ul>\n")
	return template.HTML(b.String())
}
