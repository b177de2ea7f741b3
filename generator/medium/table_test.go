package medium

import (
	"strings"
	"testing"
)

// grid makes tables of cells from rows written "a|b|c", tables split by
// "--".
func grid(s string) [][][]cell {
	var tables [][][]cell
	for _, t := range strings.Split(s, "--") {
		var rows [][]cell
		for _, line := range strings.Fields(t) {
			var r []cell
			for _, c := range strings.Split(line, "|") {
				r = append(r, cell{text: c})
			}
			rows = append(rows, r)
		}
		tables = append(tables, rows)
	}
	return tables
}

// TestListRows reads where a list starts, which tables carry it on and
// where it ends.
func TestListRows(t *testing.T) {
	for _, tc := range []struct{ name, tables, want string }{
		{"one table", "序号|省|地区 1|北京市|朝阳区 2||海淀区", "序号 1 2"},
		{"a title row above the header", "名单|| 序号|省|地区 1|北京市|朝阳区", "序号 1"},
		{"split, the header repeated", "序号|省|地区 1|北京市|朝阳区 -- 序号|省|地区 2||海淀区", "序号 1 序号 2"},
		{"split inside a province's block", "序号|省|地区 1|北京市|朝阳区 -- 2||海淀区 3|天津市|河北区", "序号 1 2 3"},
		{"a later table of another width", "序号|省|地区 1|北京市|朝阳区 -- 2||海淀区|x|y", "序号 1"},
		{"a later table of prose", "序号|省|地区 1|北京市|朝阳区 -- 说明||", "序号 1"},
		{"a note ends the list, kept as one cell", "序号|省|地区 1|北京市|朝阳区 注：共1个|| 2|天津市|河北区", "序号 1 注：共1个"},
		{"a note in a later cell", "序号|省|地区 1|北京市|朝阳区 |备注：共1个|", "序号 1 备注：共1个"},
		{"an empty row, then prose", "序号|省|地区 1|北京市|朝阳区 || 商务部办公厅|| 2|x|y", "序号 1"},
		{"an empty row between rows", "序号|省|地区 1|北京市|朝阳区 || 2||海淀区", "序号 1  2"},
		{"no header", "1|北京市|朝阳区", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range listRows(grid(tc.tables)) {
				got = append(got, firstText(r))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("rows %q, want %q", g, tc.want)
			}
		})
	}
}
