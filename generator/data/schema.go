package data

import (
	"fmt"
	"io"
	"strings"

	"github.com/bianmin-data/pilots/generator/lists"
)

// WriteSchema writes the JSON Schema (draft 2020-12) of t's JSON file
// (pilots.json, pioneer-zones.json …), made from Fields: every key
// required (absent values are null, not missing), no other key allowed,
// codes and dates constrained by patterns, the list column by the kinds.
func WriteSchema(w io.Writer, t *Table) error {
	props := object{}
	var required []string
	for _, f := range Fields {
		props = append(props, member{f.Name, fieldSchema(f, t.Catalog)})
		required = append(required, f.Name)
	}
	return writeIndented(w, object{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"title", t.FileTitle()},
		{"description", fmt.Sprintf("%s.json: one object per %s, sorted by %s.", t.Base(), t.Names("en").One, strings.Join(primaryKey(t), ", "))},
		{"type", "array"},
		{"items", object{
			{"type", "object"},
			{"properties", props},
			{"required", required},
			{"additionalProperties", false},
		}},
	})
}

func fieldSchema(f Field, kinds *lists.Catalog) object {
	typ := map[string]string{"integer": "integer", "number": "number", "string": "string", "date": "string"}[f.Type]
	s := object{{"title", f.TitleEN + " · " + f.TitleZH}, {"description", f.Desc("en", kinds)}}
	if f.Required {
		s = append(s, member{"type", typ})
	} else {
		s = append(s, member{"type", []string{typ, "null"}})
	}
	if f.Type == "date" {
		s = append(s, member{"format", "date"})
	}
	if pattern := f.PatternIn(kinds); pattern != "" {
		s = append(s, member{"pattern", pattern})
	}
	if f.Type == "string" && f.Required {
		s = append(s, member{"minLength", 1})
	}
	if f.Min != nil {
		s = append(s, member{"minimum", *f.Min})
	}
	if f.Max != nil {
		s = append(s, member{"maximum", *f.Max})
	}
	return s
}
