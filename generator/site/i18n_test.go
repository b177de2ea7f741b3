package site

import (
	"testing"

	"github.com/bianmin-data/pilots/generator/data"
)

// TestMessages checks that every language has every message.
func TestMessages(t *testing.T) {
	for _, a := range Langs {
		for _, b := range Langs {
			for key := range messages[a] {
				if _, ok := messages[b][key]; !ok {
					t.Errorf("message %q is in %s but not in %s", key, a, b)
				}
			}
		}
	}
	for _, level := range []string{"prefecture_city", "autonomous_prefecture", "league", "region", "district", "county_city", "county", "new_area", "corps_city"} {
		for _, l := range Langs {
			if messages[l]["level_"+level] == "" {
				t.Errorf("no %s name for level %s", l, level)
			}
		}
	}
	for _, o := range data.Outputs {
		for _, l := range Langs {
			if messages[l]["for_"+o.ID] == "" {
				t.Errorf("no %s note on who %s (%s) is for", l, o.Name, o.File)
			}
		}
	}
}
