// Package settings reads the site's settings, content/site.toml: the base
// and report addresses, the publisher's names in both languages, its
// address and contact, and the listing pages to watch. It is TOML, a
// format people edit by hand, read strictly (github.com/pelletier/go-toml/v2):
// an unknown key, a value of the wrong type or a malformed line is an
// error that names the file and its line; a value that is not what its
// key needs (a relative address, an empty name) is one too. The built-in
// file is Default's; a portal's own, in its -content folder, replaces it
// as a whole.
package settings

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"

	"github.com/bianmin-data/pilots/content"
)

// File is the settings' file name in the content folder.
const File = "site.toml"

// maxFile bounds the bytes read: settings take a kilobyte.
const maxFile = 1 << 20

// Settings are the site's settings.
type Settings struct {
	BaseURL   string    `toml:"base_url"`
	ReportURL string    `toml:"report_url"`
	Publisher Publisher `toml:"publisher"`
	Watch     Watch     `toml:"watch"`
}

// Publisher is who publishes the data.
type Publisher struct {
	NameZH string `toml:"name_zh"` // on Chinese pages and in Chinese citations
	NameEN string `toml:"name_en"` // everywhere else
	URL    string `toml:"url"`     // its own address; "" for the site's
	Email  string `toml:"email"`   // "" for none
}

// Name is the publisher's name in lang.
func (p Publisher) Name(lang string) string {
	if lang == "zh" {
		return p.NameZH
	}
	return p.NameEN
}

// Address is the publisher's address: its own, else the site's, baseURL.
func (p Publisher) Address(baseURL string) string {
	if p.URL != "" {
		return p.URL
	}
	return baseURL
}

// Watch is what pilots watch reads.
type Watch struct {
	Listings []string `toml:"listings"` // the listing pages, absolute http or https addresses
}

// Read reads File from fsys, at most maxFile bytes.
func Read(fsys fs.FS) (*Settings, error) {
	src, err := content.ReadFile(fsys, File, maxFile)
	if err != nil {
		return nil, err
	}
	return Parse(src)
}

// Parse reads settings from src, strictly: every problem is an error
// naming File and its line.
func Parse(src []byte) (*Settings, error) {
	var s Settings
	dec := toml.NewDecoder(bytes.NewReader(src)).DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		var strict *toml.StrictMissingError
		var derr *toml.DecodeError
		switch {
		case errors.As(err, &strict):
			var msgs []string
			for _, e := range strict.Errors {
				row, _ := e.Position()
				msgs = append(msgs, fmt.Sprintf("%s:%d: unknown key %q", File, row, strings.Join(e.Key(), ".")))
			}
			return nil, errors.New(strings.Join(msgs, "\n"))
		case errors.As(err, &derr):
			row, _ := derr.Position()
			where := ""
			if key := derr.Key(); len(key) > 0 {
				where = strings.Join(key, ".") + ": "
			}
			return nil, fmt.Errorf("%s:%d: %s%s", File, row, where, strings.TrimPrefix(derr.Error(), "toml: "))
		}
		return nil, fmt.Errorf("%s: %v", File, err)
	}
	var errs []string
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: %s: %s", File, lineOf(src, key), key, fmt.Sprintf(format, args...)))
	}
	for _, kv := range [][2]string{{"base_url", s.BaseURL}, {"report_url", s.ReportURL}, {"url", s.Publisher.URL}} {
		key, u := kv[0], kv[1]
		if u == "" && key == "url" {
			continue
		}
		if !absolute(u) && !(key == "report_url" && strings.HasPrefix(u, "mailto:")) {
			bad(key, "%q is not an absolute http or https address", u)
		}
	}
	if s.BaseURL != "" && !strings.HasSuffix(s.BaseURL, "/") {
		bad("base_url", "%q does not end in a slash, as the address of a folder does", s.BaseURL)
	}
	if strings.TrimSpace(s.Publisher.NameZH) == "" || strings.TrimSpace(s.Publisher.NameEN) == "" {
		bad("publisher", "name_zh and name_en are both needed")
	}
	if s.Publisher.Email != "" && !strings.Contains(s.Publisher.Email, "@") {
		bad("email", "%q is not an e-mail address", s.Publisher.Email)
	}
	for _, l := range s.Watch.Listings {
		if !absolute(l) {
			bad("listings", "%q is not an absolute http or https address", l)
		}
	}
	if errs != nil {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return &s, nil
}

// absolute reports whether s is an absolute http or https address.
func absolute(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// lineOf is the line where key is set in src (1 when it is not found).
func lineOf(src []byte, key string) int {
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, key+" ") || strings.HasPrefix(t, key+"=") || t == "["+key+"]" {
			return i + 1
		}
	}
	return 1
}

// Default returns the built-in settings, content/site.toml; it panics if
// they do not parse, which a test catches.
var Default = sync.OnceValue(func() *Settings {
	s, err := Read(content.FS)
	if err != nil {
		panic(err)
	}
	return s
})
