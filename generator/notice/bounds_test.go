package notice

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bianmin-data/pilots/generator/diag"
)

// withPage is a small valid notice whose html field is page.
func withPage(page string) string {
	return small("1", header, "1 北京市 朝阳区") + "html: " + page + "\n"
}

// allocated returns the bytes f allocates and the allocations it makes:
// work counted, the same on any machine, where a clock measures the
// machine. Under the race detector sync.Pool drops what it is given at
// random, so the counts are no measure there (raceEnabled), and make test
// runs the tests that take them without it too.
func allocated(f func()) (bytes, allocs uint64) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// hangGuard is how long a test of a bound waits for its reader: not a
// measure of speed, which varies with the machine's load, but the sign of
// a reader that never returns.
const hangGuard = 5 * time.Minute

// TestBounded parses seeds made to drive a reader's time or memory faster
// than its input grows: a header repeated over and over, a cell of many
// pieces (in a pipe table and in the page's table), spans repeated over the
// page. Each is bounded by the work it does, counted (allocated): at most
// 160 bytes and one allocation for each byte of its input, where a reader
// that went back over its input would allocate a multiple of its square
// (the cases allocate up to 120 bytes and half an allocation a byte); a
// grid over its bound is refused with its code, at the cell where it went
// over.
func TestBounded(t *testing.T) {
	const n = 1 << 20 // bytes of the repeated part
	for _, tc := range []struct {
		name string
		seed string
		code diag.Code // the one diagnostic expected, "" for none
	}{
		{"repeated header", small("1", header, "1 北京市 朝阳区 "+strings.Repeat("序号 ", n/len("序号 "))), ""},
		{"counts without punctuation", small("1"+strings.Repeat("试点1个", n/len("试点1个")), header, "1 北京市 朝阳区"), ""},
		{"counts and lists", "title: 关于公布第三批试点名单的通知\nresulting_text: 各地：" + strings.Repeat("试点1个，", n/2/len("试点1个，")) +
			" 附件：名单 商务部办公厅 2023年8月31日 " + strings.Repeat("附件 名单 序号 省 试点地区 1 北京市 朝阳区 ", n/2/len("附件 名单 序号 省 试点地区 1 北京市 朝阳区 ")) +
			"\ninput_url: http://www.mofcom.gov.cn/a.shtml\ndate: 2023-09-07\n", diag.BatchClaimed},
		{"pipe cell of many tokens", small("1", "序号 | 省（区、市） | 试点地区 |", "1 | 北京市 | 朝阳区 "+strings.Repeat("a ", n/2)+"|"), diag.AreaTooLong},
		{"page cell of many pieces", withPage("<table><tr><td>序号</td><td>省</td><td>试点地区</td></tr><tr><td>1</td><td>北京市</td><td>朝阳区" + strings.Repeat("<b></b>a", n/len("<b></b>a")) + "</td></tr></table>"), diag.PageDisagrees},
		{"colspan repeated", withPage("<table><tr><td>序号</td></tr><tr>" + strings.Repeat("<td colspan=1000>x</td>", n/len("<td colspan=1000>x</td>")) + "</tr></table>"), diag.TableTooLarge},
		{"rowspan down empty rows", withPage("<table><tr><td rowspan=1000>序号</td>" + strings.Repeat("<td rowspan=1000>x</td>", 500) + "</tr>" + strings.Repeat("<tr>", n/len("<tr>")) + "</table>"), diag.TableTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs diag.List
			start := time.Now()
			bytes, allocs := allocated(func() { _, errs = load("x.txt", []byte(tc.seed)) })
			if d := time.Since(start); d > hangGuard {
				t.Errorf("%d bytes took %v: a reader that hangs", len(tc.seed), d)
			}
			// The tokens alone take 24 bytes for each 2 of the input ("a "),
			// twice that while their slice grows.
			if size := uint64(len(tc.seed)); !raceEnabled && (bytes > 160*size || allocs > size) {
				t.Errorf("%d bytes of input: %d MB and %d allocations", size, bytes>>20, allocs)
			}
			var codes []diag.Code
			for _, e := range errs {
				if e.Code != diag.TooManyProblems {
					codes = append(codes, e.Code)
				}
			}
			if tc.code == "" && len(codes) > 0 || tc.code != "" && (len(codes) == 0 || codes[0] != tc.code) {
				t.Errorf("diagnostics %v, want %q", codes, tc.code)
				for _, e := range errs[:min(3, len(errs))] {
					t.Log(e.Format())
				}
			}
		})
	}
}

// TestCrossCheckBounded runs CrossCheck on a list that names again every
// area of an earlier batch, 20,000 of them: it shows the first hundred
// repeats (diag.Limit) and counts the others, each a map lookup and a
// count, without working out its message, which its allocations show
// (allocated).
func TestCrossCheckBounded(t *testing.T) {
	const n = 20000
	chars := []rune("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土山川河海江湖")
	var rows strings.Builder
	for i := 1; i <= n; i++ {
		c := len(chars)
		fmt.Fprintf(&rows, "%d 北京市 %c%c%c区 ", i, chars[i%c], chars[i/c%c], chars[i/c/c%c])
	}
	third := small(strconv.Itoa(n), header, rows.String())
	var notices []*Notice
	for _, seed := range []string{third, strings.Replace(third, "第三批", "第四批", 1)} {
		nt, errs := load("x.txt", []byte(seed))
		if len(errs) > 0 {
			t.Fatalf("%d diagnostics, the first: %v", len(errs), errs[0])
		}
		notices = append(notices, nt)
	}
	var diags diag.List
	start := time.Now()
	bytes, allocs := allocated(func() { diags = CrossCheck(notices) })
	if d := time.Since(start); d > hangGuard {
		t.Errorf("%d rows took %v: a check that hangs", 2*n, d)
	}
	// The map of the first batch's areas takes about 190 bytes a row, in
	// a tenth of an allocation; working out each repeat's message took 110
	// bytes more, in allocations of its own.
	if !raceEnabled && (bytes > 250*n || allocs > n) {
		t.Errorf("%d rows: %d MB and %d allocations", 2*n, bytes>>20, allocs)
	}
	if len(diags) != diag.Limit || diags[0].Code != diag.RepeatedPilot {
		t.Errorf("%d diagnostics shown, want %d repeats", len(diags), diag.Limit)
	}
	if d := notices[1].Src.Dropped(); d == nil || !strings.Contains(d.Msg, fmt.Sprintf("%d more problems", n-diag.Limit)) {
		t.Errorf("dropped: %v", d)
	}
}
