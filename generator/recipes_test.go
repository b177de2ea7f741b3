package generator

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bianmin-data/pilots/bench/synth"
	"github.com/bianmin-data/pilots/generator/data"
	"github.com/bianmin-data/pilots/generator/internal/clients"
	"github.com/bianmin-data/pilots/generator/site"
)

// TestRecipesOnPage checks that the downloads page shows the recipes for
// the published CSV, code for code, in both languages.
func TestRecipesOnPage(t *testing.T) {
	dir := seedSite(t)
	code := regexp.MustCompile(`(?s)<code class="language-(\w+)">(.*?)</code>`)
	want := site.Recipes(DefaultBaseURL + "data/" + data.CSVFile)
	for _, page := range []string{"data/index.html", "en/data/index.html"} {
		var got []site.Recipe
		for _, m := range code.FindAllStringSubmatch(string(mustRead(t, filepath.Join(dir, page))), -1) {
			got = append(got, site.Recipe{Lang: m[1], Code: html.UnescapeString(m[2])})
		}
		if len(got) != len(want) {
			t.Fatalf("%s shows %d recipes, want %d", page, len(got), len(want))
		}
		for i, r := range want {
			if got[i].Lang != r.Lang || got[i].Code != r.Code {
				t.Errorf("%s: recipe %d (%s) is\n%s\nwant\n%s", page, i, r.Tool, got[i].Code, r.Code)
			}
		}
	}
}

// TestRecipes runs the recipes of the downloads page with pandas and R, on
// the CSV served over HTTP as a reader who copies them would, and checks
// that each gives the table of pilots.csv with the types of the data
// dictionary. It does so for the seed site and for a site made to trip
// readers up: 1,200 rows, whose only notes come after row 1,000 (where
// readr stops guessing a column's type) and one of which is "NA" (which
// pandas and R take for missing unless told otherwise).
func TestRecipes(t *testing.T) {
	py, rscript := clients.Python(t), clients.R(t)
	for _, s := range []struct{ name, dir string }{{"seeds", seedSite(t)}, {"tricky", trickySite(t)}} {
		srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
		want := readCSV(t, filepath.Join(s.dir, "data", data.CSVFile))
		for _, r := range site.Recipes(srv.URL + "/data/" + data.CSVFile) {
			t.Run(s.name+"/"+r.Tool, func(t *testing.T) {
				script := filepath.Join(t.TempDir(), "recipe")
				run, ok := map[string]string{"python": py, "r": rscript}[r.Lang]
				if !ok {
					t.Fatalf("no interpreter for a recipe in %q", r.Lang)
				}
				if err := os.WriteFile(script, []byte(r.Code+recipeCheck(r.Lang)), 0o644); err != nil {
					t.Fatal(err)
				}
				sameTable(t, r.Tool, parseCSV(t, clients.Stdout(t, "", run, script)), want)
			})
		}
		srv.Close()
	}
}

// recipeChecks follow a recipe, in its language: each fails unless every
// column has the type of its dictionary type (Field.Type, mapped by types),
// then writes the table back as CSV.
var recipeChecks = map[string]struct {
	types        map[string]string
	entry, check string // an entry of the list of wanted types; the code around the list
}{
	"python": {map[string]string{"string": "object", "integer": "int64", "number": "float64", "date": "datetime64[ns]"}, "%q: %q", `
import sys
got = {c: str(t) for c, t in pilots.dtypes.items()}
want = {%s}
assert got == want, f"column types {got}"
pilots.to_csv(sys.stdout, index=False, date_format="%%Y-%%m-%%d")
`},
	"r": {map[string]string{"string": "character", "integer": "integer", "number": "numeric", "date": "Date"}, "%s = %q", `
got <- vapply(pilots, function(x) class(x)[1], "")
want <- c(%s)
if (!identical(got, want)) stop("column types ", paste(names(got), got, collapse = ", "))
write.csv(pilots, stdout(), row.names = FALSE, na = "")
`},
}

// recipeCheck returns the check that follows a recipe in lang.
func recipeCheck(lang string) string {
	c := recipeChecks[lang]
	var want []string
	for _, f := range data.Fields {
		want = append(want, fmt.Sprintf(c.entry, f.Name, c.types[f.Type]))
	}
	return fmt.Sprintf(c.check, strings.Join(want, ", "))
}

// trickySite is the site of one synthetic notice of 1,200 rows with a 备注
// (note) column that is empty but for rows 1,100 ("NA") and 1,150
// (计划单列市); many of its areas have no seat point.
func trickySite(t *testing.T) string {
	t.Helper()
	site := sharedSite(t, "tricky", func(tmp string) (string, error) {
		notices := synth.Notices(1200, 2000)
		if len(notices) != 1 {
			return "", fmt.Errorf("synth gave %d notices, want 1", len(notices))
		}
		dir := filepath.Join(tmp, "seeds")
		if err := os.Mkdir(dir, 0o755); err != nil {
			return "", err
		}
		for name, b := range notices {
			text := string(b)
			for _, edit := range []struct{ old, new string }{
				{" 试点地区 1 ", " 试点地区 备注 1 "},
				{" 1101 ", " NA 1101 "},
				{" 1151 ", " 计划单列市 1151 "},
			} {
				if strings.Count(text, edit.old) != 1 {
					return "", fmt.Errorf("synthetic notice: %q is not there once", edit.old)
				}
				text = strings.Replace(text, edit.old, edit.new, 1)
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				return "", err
			}
		}
		return dir, nil
	})
	rows := readCSV(t, filepath.Join(site, "data", data.CSVFile))
	if rows[1100][11] != "NA" || rows[1150][11] != "计划单列市" || rows[1][11] != "" {
		t.Fatalf("the notes did not land: %q, %q, %q", rows[1100][11], rows[1150][11], rows[1][11])
	}
	return site
}
