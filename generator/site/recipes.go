package site

import (
	"fmt"
	"strings"

	"github.com/bianmin-data/pilots/generator/data"
)

// Recipe is code that loads pilots.csv with the types of the data
// dictionary, for the downloads page: text stays text, so division codes
// keep their six digits and join as text, and an empty column is not taken
// for numbers; integers are integers and dates are dates. The code is made
// from data.Fields, so it cannot fall behind the table.
type Recipe struct {
	Tool string // what runs it: "Python (pandas)"
	Lang string // the language of the code, for a code block's class: python, r
	Code string
}

// Recipes returns the recipes that load the CSV at url.
func Recipes(url string) []Recipe {
	var text, integers, numbers, dates []string
	for _, f := range data.Fields {
		switch f.Type {
		case "string":
			text = append(text, f.Name)
		case "integer":
			integers = append(integers, f.Name)
		case "number":
			numbers = append(numbers, f.Name)
		case "date":
			dates = append(dates, f.Name)
		default:
			panic("data: no recipe type for field type " + f.Type)
		}
	}
	return []Recipe{
		{"Python (pandas)", "python", pandasRecipe(url, text, dates)},
		{"R (readr)", "r", readrRecipe(url, integers, numbers, dates)},
		{"R (base)", "r", baseRRecipe(url)},
	}
}

// pandasRecipe names the text columns, since pandas takes a column of
// digits for integers and an empty one for floats; it infers the others.
// Only an empty cell is missing: pandas would also take "NA", "null" or
// "None" for missing.
func pandasRecipe(url string, text, dates []string) string {
	return fmt.Sprintf(`import pandas as pd

text = [%s]
pilots = pd.read_csv(
    %q,
    dtype=dict.fromkeys(text, str),
    keep_default_na=False,
    na_values=[""],
    parse_dates=[%s],
)
`, wrap(quoted(text), len("text = ["), len("text = [")), url, strings.Join(quoted(dates), ", "))
}

// readrRecipe names the columns that are not text, and makes text the
// default: readr guesses from the first 1,000 rows, which would make a
// column empty there but filled below logical, and lose its values.
func readrRecipe(url string, integers, numbers, dates []string) string {
	var cols []string
	for _, c := range []struct {
		names []string
		code  string
	}{{integers, "i"}, {numbers, "d"}, {dates, "D"}} {
		for _, n := range c.names {
			cols = append(cols, fmt.Sprintf("%s = %q", n, c.code))
		}
	}
	cols = append(cols, `.default = "c"`)
	return fmt.Sprintf(`library(readr)

pilots <- read_csv(
  %q,
  col_types = cols(%s),
  na = ""
)
`, url, wrap(cols, len("  col_types = cols("), 4))
}

// baseRRecipe gives every column its class, since read.csv has no default
// class: left to itself it reads codes as integers.
func baseRRecipe(url string) string {
	class := map[string]string{"string": "character", "integer": "integer", "number": "numeric", "date": "Date"}
	var cols []string
	for _, f := range data.Fields {
		cols = append(cols, fmt.Sprintf("%s = %q", f.Name, class[f.Type]))
	}
	return fmt.Sprintf(`pilots <- read.csv(
  %q,
  encoding = "UTF-8",
  na.strings = "",
  colClasses = c(%s)
)
`, url, wrap(cols, len("  colClasses = c("), 4))
}

func quoted(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return q
}

// lineWidth is the longest a recipe's line of items grows, so that the
// code fits its box on a page without scrolling.
const lineWidth = 72

// wrap joins items with ", " for a line where they start at column col,
// going on to lines indented by indent spaces where a line would grow
// past lineWidth.
func wrap(items []string, col, indent int) string {
	var b strings.Builder
	for i, it := range items {
		switch {
		case i == 0:
		case col+2+len(it)+1 > lineWidth: // ", " before, "," or ")" after
			b.WriteString(",\n" + strings.Repeat(" ", indent))
			col = indent
		default:
			b.WriteString(", ")
			col += 2
		}
		b.WriteString(it)
		col += len(it)
	}
	return b.String()
}
