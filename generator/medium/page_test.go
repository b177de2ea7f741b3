package medium

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bianmin-data/pilots/generator/diag"
)

// TestPageInfo reads what a page says of itself from each of the places
// it may say it: the title from ArticleTitle, else <h1>, else <title> less
// the site's name; the date from PubDate; the source address from the
// canonical link, else og:url, else the browser's "saved from" comment
// (not its about:internet placeholder); the encoding from <meta charset>
// or http-equiv; and the notice's text, not the chrome around it.
func TestPageInfo(t *testing.T) {
	body := `<body><ul><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li></ul>%s<div class="c"><div id="zoom"><p>各地：</p><p>正文一段。</p><p>商务部</p><p>2023年8月31日</p></div></div><div class="foot">版权所有</div></body>`
	for _, tc := range []struct {
		name, page string
		want       map[string]string // field → value; "" for none
	}{
		{name: "meta tags", page: `<head><meta charset="utf-8"><title>通知_商务部网站</title><meta name="ArticleTitle" content="关于公布名单的通知"><meta name="PubDate" content="2023/9/7 10:00"><link rel="canonical" href="http://a.example/c.html"><meta property="og:url" content="http://a.example/og.html"></head>` + strings.Replace(body, "%s", "<h1>标题一</h1>", 1),
			want: map[string]string{"title": "关于公布名单的通知", "date": "2023-09-07", "input_url": "http://a.example/c.html"}},
		{name: "heading and og:url", page: `<head><title>通知_商务部网站</title><meta property="og:url" content="http://a.example/og.html"></head>` + strings.Replace(body, "%s", "<h1>关于公布名单的&lt;通知&gt;</h1>", 1),
			want: map[string]string{"title": "关于公布名单的<通知>", "date": "", "input_url": "http://a.example/og.html"}},
		{name: "title less the site's name, saved from", page: `<!-- saved from url=(0026)http://a.example/s.shtml --><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>商务部网站 | 关于公布名单的通知</title></head>` + strings.Replace(body, "%s", "", 1),
			want: map[string]string{"title": "关于公布名单的通知", "input_url": "http://a.example/s.shtml"}},
		{name: "a layout of tables", page: `<html><head><meta charset="utf-8"><title>关于公布名单的通知－某省商务厅</title></head><body><table width="980"><tr><td colspan="2"><a href="/">首页</a><a href="/b">通知公告</a></td></tr>` +
			`<tr><td width="200"><a href="/x">政策法规</a><p>联系电话：12345</p></td><td><div class="title">关于公布名单的通知</div><div id="zoom"><p>各地：</p><p>正文一段。</p><p>商务部</p><p>2023年8月31日</p></div></td></tr><tr><td colspan="2"><p>版权所有：某省商务厅</p></td></tr></table></body></html>`,
			want: map[string]string{"title": "关于公布名单的通知"}},
		{name: "a page saved from nowhere", page: `<!-- saved from url=(0014)about:internet --><title>通知</title>` + strings.Replace(body, "%s", "", 1),
			want: map[string]string{"title": "通知", "input_url": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.page)
			if strings.Contains(tc.page, "gb2312") {
				var err error
				if data, err = simplifiedchinese.GBK.NewEncoder().Bytes(data); err != nil {
					t.Fatal(err)
				}
			}
			text, bad := decode("p.html", data, "")
			if bad != nil {
				t.Fatal(bad)
			}
			d := &document{name: "p.html", medium: "page"}
			if bad := readPage(d, diag.NewSource("p.html", text)); bad != nil {
				t.Fatal(bad)
			}
			rec := d.record()
			for key, want := range tc.want {
				if got := rec.Value(key); got != want {
					t.Errorf("%s = %q, want %q", key, got, want)
				}
			}
			got := rec.Value("resulting_text")
			if got != "各地：\n正文一段。\n商务部\n2023年8月31日" {
				t.Errorf("text %q", got)
			}
			f, _ := rec.Field("resulting_text")
			if pos := rec.Src.Position(f.Offset + strings.Index(got, "正文")); pos.File != "p.html" || pos.Line != 1 || !strings.HasPrefix(text[strings.Index(text, "正文"):], "正文") {
				t.Errorf("正文 at %v", pos)
			}
		})
	}
}
