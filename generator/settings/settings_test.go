package settings

import (
	"strings"
	"testing"
)

// TestDefault reads the built-in content/site.toml.
func TestDefault(t *testing.T) {
	s := Default()
	if s.BaseURL != "https://bianmin-data.github.io/pilots/" || s.Publisher.Name("zh") != "便民试点开放数据项目" || len(s.Watch.Listings) == 0 {
		t.Errorf("default settings %+v", s)
	}
	if got := s.Publisher.Address(s.BaseURL); got != s.BaseURL {
		t.Errorf("the publisher's address %q, want the site's", got)
	}
}

// TestParseErrors refuses each kind of mistake a person makes editing the
// file, naming its line.
func TestParseErrors(t *testing.T) {
	good := "base_url = \"https://a.example/\"\nreport_url = \"mailto:a@b.example\"\n[publisher]\nname_zh = \"甲\"\nname_en = \"A\"\n"
	if _, err := Parse([]byte(good)); err != nil {
		t.Fatalf("good settings: %v", err)
	}
	for _, tc := range []struct{ src, want string }{
		{good + "colour = \"red\"\n", `site.toml:6: unknown key "publisher.colour"`},
		{"base_url = \"https://a.example/\"\nbase_ulr = \"x\"\n", `site.toml:2: unknown key "base_ulr"`},
		{"base_url = 3\n", "site.toml:1: "},
		{"base_url = \"https://a.example/\n", "site.toml:1: "},
		{strings.Replace(good, "https://a.example/", "/relative/", 1), `site.toml:1: base_url: "/relative/" is not an absolute http or https address`},
		{strings.Replace(good, "https://a.example/", "https://a.example/x", 1), `site.toml:1: base_url: "https://a.example/x" does not end in a slash, as the address of a folder does`},
		{strings.Replace(good, "name_en = \"A\"", "name_en = \"\"", 1), "site.toml:3: publisher: name_zh and name_en are both needed"},
		{good + "email = \"nobody\"\n", `site.toml:6: email: "nobody" is not an e-mail address`},
		{good + "[watch]\nlistings = [\"ftp://a.example/\"]\n", `site.toml:7: listings: "ftp://a.example/" is not an absolute http or https address`},
		{good + "[watch]\nlistings = \"http://a.example/\"\n", "site.toml:7: "},
	} {
		_, err := Parse([]byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.want)
		}
	}
}
