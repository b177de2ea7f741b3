package notice

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A list printed as prose after a colon, inside the text, as news copies
// print it:
//
//	…确定了全国第三批城市一刻钟便民生活圈试点名单：北京市朝阳区、北京市海淀区、…。
//	这15个试点地区为：北京市东城区、北京市西城区、…。
//
// The colon follows a phrase that introduces a list (…名单, …为, 如下, 包括,
// 分别是) and is followed by a province-level unit; the list runs to the
// first 。 after it, and is read as prose or, when the colon is followed by
// a province and another colon, grouped by province (looseRows). A list
// that stops short (the paragraph after it starts with no province, or the
// text ends, before its 。) is cut off. The phrase before the colon is the
// list's title, which names its kind and batch, else the notice's title
// does. The notice's text is its body as a whole: the list is a sentence
// of it, wherever its signature is. Reading is linear in the text.

// colonRe is a phrase that introduces a list, and its colon.
var colonRe = regexp.MustCompile(`(名单|为|如下|包括|分别是)[：:]`)

// colonAnnexes finds the lists after a colon in the tokens, one per such
// phrase followed by a province-level unit.
func colonAnnexes(toks []token) []annex {
	var out []annex
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		for _, m := range colonRe.FindAllStringIndex(t.s, -1) {
			rest := token{t.s[m[1]:], t.off + m[1]}
			next := i
			if rest.s == "" && i+1 < len(toks) {
				next, rest = i+1, toks[i+1]
			}
			if _, _, ok := unitPrefix(rest.s); !ok {
				continue
			}
			// The title: the phrase from the clause's start to the colon.
			_, colon := utf8.DecodeLastRuneInString(t.s[:m[1]])
			from := 0
			if j := strings.LastIndexAny(t.s[:m[1]-colon], "。；，,;"); j >= 0 {
				_, size := utf8.DecodeRuneInString(t.s[j:])
				from = j + size
			}
			a := annex{start: len(toks), loose: true, title: []token{{t.s[from : m[1]-colon], t.off + from}}}
			// The list: up to the first 。, which it keeps, or up to a
			// paragraph that starts with no province (the list stops short
			// there, and looseRows says so).
			for j := next; j < len(toks); j++ {
				part := toks[j]
				if j == next {
					part = rest
				} else if _, _, ok := unitPrefix(part.s); !ok {
					break
				}
				if k := strings.Index(part.s, "。"); k >= 0 {
					a.toks = append(a.toks, token{part.s[:k+len("。")], part.off})
					i = j
					break
				}
				a.toks = append(a.toks, part)
				i = j
			}
			out = append(out, a)
			break
		}
	}
	return out
}
