package medium

import (
	"strings"

	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/seed"
)

// document is a notice being derived from its media: the text that
// package notice will parse, each run of it with its origin, and the
// fields found so far.
type document struct {
	name   string // the notice's name in diagnostics: its file or folder
	medium string // the record's Medium
	b      strings.Builder
	pieces []diag.Piece
	fields []seed.Field
	links  []link // a page's links to files, at most maxLinks
}

// copy appends s, which is at byte offset off of from, and returns where
// it starts in the derived text.
func (d *document) copy(from *diag.Source, off int, s string) int {
	at := d.b.Len()
	if n := len(d.pieces); n > 0 {
		if p := &d.pieces[n-1]; p.From == from && p.Off+p.Len == at && p.FromOff+p.Len == off {
			p.Len += len(s) // the run goes on
			d.b.WriteString(s)
			return at
		}
	}
	d.pieces = append(d.pieces, diag.Piece{Off: at, Len: len(s), From: from, FromOff: off})
	d.b.WriteString(s)
	return at
}

// place appends s, read at place of file, and returns where it starts.
func (d *document) place(file, place string, order int, s string) int {
	at := d.b.Len()
	d.pieces = append(d.pieces, diag.Piece{Off: at, Len: len(s), File: file, Place: place, Order: order})
	d.b.WriteString(s)
	return at
}

// sep appends a separator, which belongs to the run before it.
func (d *document) sep(s string) { d.b.WriteString(s) }

// field records that the derived text from off on, up to its end, is the
// value of key.
func (d *document) field(key string, off int) {
	d.fields = append(d.fields, seed.Field{Key: key, Value: strings.TrimRight(d.b.String()[off:], " \t\n"), Offset: off})
}

// record returns the notice as a seed record over the derived text.
func (d *document) record() *seed.Record {
	src := diag.NewDerived(d.name, d.b.String(), d.pieces)
	return seed.NewRecord(src, d.medium, d.fields...)
}
