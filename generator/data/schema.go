package data

import "io"

// WriteSchema writes the JSON Schema (draft 2020-12) of pilots.json, made
// from Fields: every key required (absent values are null, not missing),
// no other key allowed, codes and dates constrained by patterns.
func WriteSchema(w io.Writer, t *Table) error {
	props := object{}
	var required []string
	for _, f := range Fields {
		props = append(props, member{f.Name, fieldSchema(f)})
		required = append(required, f.Name)
	}
	return writeIndented(w, object{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"title", PilotsZH + " · " + TitleEN},
		{"description", "pilots.json: one object per pilot area, sorted by batch and sequence number."},
		{"type", "array"},
		{"items", object{
			{"type", "object"},
			{"properties", props},
			{"required", required},
			{"additionalProperties", false},
		}},
	})
}

func fieldSchema(f Field) object {
	typ := map[string]string{"integer": "integer", "number": "number", "string": "string", "date": "string"}[f.Type]
	s := object{{"title", f.TitleEN + " · " + f.TitleZH}, {"description", f.DescEN}}
	if f.Required {
		s = append(s, member{"type", typ})
	} else {
		s = append(s, member{"type", []string{typ, "null"}})
	}
	if f.Type == "date" {
		s = append(s, member{"format", "date"})
	}
	if f.Pattern != "" {
		s = append(s, member{"pattern", f.Pattern})
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
