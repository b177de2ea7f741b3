package site

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{
		"layout.html":        {Data: []byte("base layout")},
		"page.html":          {Data: []byte("base page")},
		"assets/style.css":   {Data: []byte("base css")},
		"assets/app.js":      {Data: []byte("base js")},
		"assets/img/a.svg":   {Data: []byte("base svg")},
		"shadowed/inner.txt": {Data: []byte("base inner")},
	}
	top := fstest.MapFS{
		"page.html":        {Data: []byte("top page")},
		"assets/style.css": {Data: []byte("top css")},
		"assets/logo.svg":  {Data: []byte("top logo")},
		"extra/note.txt":   {Data: []byte("top note")},
		"shadowed":         {Data: []byte("top file over a base folder")},
	}
	o := over(top, base)
	if err := fstest.TestFS(o, "layout.html", "page.html", "assets/style.css", "assets/app.js", "assets/img/a.svg", "assets/logo.svg", "extra/note.txt", "shadowed"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"layout.html":      "base layout",
		"page.html":        "top page",
		"assets/style.css": "top css",
		"assets/app.js":    "base js",
		"assets/logo.svg":  "top logo",
		"assets/img/a.svg": "base svg",
		"extra/note.txt":   "top note",
		"shadowed":         "top file over a base folder",
	} {
		if got, err := fs.ReadFile(o, name); err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	entries, err := fs.ReadDir(o, "assets")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if err != nil || strings.Join(names, " ") != "app.js img logo.svg style.css" {
		t.Errorf("assets lists %q, %v", names, err)
	}
	if _, err := fs.ReadFile(o, "shadowed/inner.txt"); err == nil {
		t.Error("a file under a base folder that top replaces with a file is still there")
	}
	if _, err := fs.ReadFile(o, "missing.html"); err == nil {
		t.Error("a file in neither is there")
	}
	if _, ok := over(nil, base).(fstest.MapFS); !ok {
		t.Error("over(nil, base) is not base")
	}
}
