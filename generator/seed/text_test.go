package seed

import (
	"strings"
	"testing"
)

// TestReadText reads pasted text: the head lines it may start with, the
// title from the first line without one, and its refusals.
func TestReadText(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		fields     map[string]string // key → value
		errs       string
	}{
		{name: "title from the first line", text: "\n  关于公布名单的通知\n各地：\n正文\n",
			fields: map[string]string{"title": "关于公布名单的通知", "resulting_text": "各地：\n正文"}},
		{name: "head lines, Chinese and English, either colon", text: "标题：通知\nsource: http://a.example/b\n日期: 2023-09-07\n\n各地：\n",
			fields: map[string]string{"title": "通知", "input_url": "http://a.example/b", "date": "2023-09-07", "resulting_text": "各地："}},
		{name: "a colon line that is no head key is the title", text: "各省、自治区：\n正文\n",
			fields: map[string]string{"title": "各省、自治区：", "resulting_text": "正文"}},
		{name: "the title first, its source after it", text: "关于公布名单的通知\n来源：http://www.mofcom.gov.cn/a.shtml\n发布者：商务部\n各地：\n",
			fields: map[string]string{"title": "关于公布名单的通知", "input_url": "http://www.mofcom.gov.cn/a.shtml", "resulting_text": "发布者：商务部\n各地："}},
		{name: "原文链接 under a source without an address", text: "通知\n来源：商务部流通发展司\n原文链接：https://a.example/b\n各地：\n",
			fields: map[string]string{"title": "通知", "input_url": "https://a.example/b", "resulting_text": "各地："}},
		{name: "repeated head key", text: "title: a\ntitle: b\n正文\n",
			fields: map[string]string{"title": "b", "resulting_text": "正文"}, errs: `t.txt:2:1: repeated key "title"`},
		{name: "title alone", text: "标题：通知\n", errs: "t.txt: no text: the file holds a title and nothing after it"},
		{name: "not UTF-8", text: "通知\n\xff\n", errs: "t.txt:2:1: invalid UTF-8 byte 0xff; seeds must be UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, errs := ReadText("t.txt", []byte(tc.text))
			if got := errs.Error(); got != tc.errs {
				t.Errorf("errors %q, want %q", got, tc.errs)
			}
			if tc.fields == nil {
				if rec != nil {
					t.Errorf("a record, want none")
				}
				return
			}
			for key, want := range tc.fields {
				f, ok := rec.Field(key)
				if !ok || f.Value != want {
					t.Errorf("%s = %q, want %q", key, f.Value, want)
				}
				if !strings.HasPrefix(rec.Src.Text[f.Offset:], f.Value) {
					t.Errorf("%s is not at its offset %d", key, f.Offset)
				}
			}
			if rec.Medium != "text" {
				t.Errorf("medium %q", rec.Medium)
			}
		})
	}
	if !IsRecord([]byte("\ufeff\n\ntitle: x\n")) || IsRecord([]byte("标题：x\n")) || IsRecord([]byte("titles: x\n")) {
		t.Error("IsRecord tells records from text wrongly")
	}
}

// TestReadTextOffsets checks that a head field's place is its value's,
// even when the value's text also stands in its key.
func TestReadTextOffsets(t *testing.T) {
	text := "标题：  标题\n\n正文\n"
	rec, errs := ReadText("t.txt", []byte(text))
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	f, _ := rec.Field("title")
	if got := rec.Src.Position(f.Offset); got.Line != 1 || got.Col != 6 || !strings.HasPrefix(text[f.Offset:], "标题\n") {
		t.Errorf("the title is placed at %v, offset %d, want 1:6, its value", got, f.Offset)
	}
}
