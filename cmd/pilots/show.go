package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bianmin-data/pilots/generator"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/lists"
)

// media names the reader of a list's file by its extension: a text or a
// page, whose layout the list's Layout names, or an attachment, whose
// table the medium's reader rebuilt.
var media = map[string]string{
	".txt": "text", ".html": "page", ".htm": "page", ".shtml": "page",
	".docx": "Word table", ".xlsx": "workbook sheet", ".pdf": "PDF table rebuilt from its text layer",
}

// show writes what check read, for a maintainer to compare with the source
// by eye: for each notice, each list's kind, batch, row count and stated
// count, which reader read it from which file, and its rows as a table
// (seq, province, area, division code, level).
func show(ds *generator.Dataset) string {
	var b strings.Builder
	for _, n := range ds.Notices {
		fmt.Fprintf(&b, "\n%s\n  %s\n", diag.Quote(n.Src.Name), diag.Escape(n.Title))
		if n.SourceURL != "" {
			fmt.Fprintf(&b, "  source %s\n", diag.Escape(n.SourceURL))
		}
		for i, l := range n.Lists {
			stated := "no count stated"
			if l.StatedCount > 0 {
				stated = fmt.Sprintf("%d stated", l.StatedCount)
			}
			reader := l.Layout
			switch m := media[strings.ToLower(filepath.Ext(l.From.File))]; {
			case l.From.Place != "":
				reader = m
			case m != "":
				reader = m + ", " + l.Layout
			}
			fmt.Fprintf(&b, "  list %d: %s (%s), %s (%s), read as %s from %s\n", i+1, lists.BatchLabel(l.Kind, l.Batch, "en"), l.Kind, plural(l.Count, "row"), stated, reader, l.From)
			rows := [][]string{{"seq", "province", "area", "division_code", "level"}}
			for _, p := range ds.Table.Of(l.Kind).Rows {
				if p.Batch == l.Batch {
					rows = append(rows, []string{fmt.Sprint(p.Seq), p.Province, p.Area, p.DivisionCode, p.Level})
				}
			}
			writeTable(&b, "    ", rows)
		}
	}
	return b.String()
}

// writeTable writes rows in aligned columns, allowing for wide characters;
// a character that would move a terminal is escaped (diag.Escape).
func writeTable(b *strings.Builder, indent string, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i := range r {
			r[i] = diag.Escape(r[i])
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], diag.Width(r[i]))
		}
	}
	for _, r := range rows {
		b.WriteString(indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-diag.Width(c)+2))
			}
		}
		b.WriteString("\n")
	}
}
