package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/bianmin-data/pilots/generator/lists"
)

// listing serves a listing of notices in two pages, the first in GBK (its
// header says so), the second in UTF-8, with relative links: two notices
// already held, one new on the second page, and other notices of the
// ministry that are no list of the programme.
func listing(t *testing.T) *httptest.Server {
	t.Helper()
	first := `<html><head><meta charset="gbk"></head><body><ul>
<li><a href="/article/zwgk/gkgztz/202309/20230903438152.shtml" title="商务部等13部门办公厅（室）关于公布全国第三批城市一刻钟便民生活圈试点名单的通知">商务部等13部门办公厅（室）关于公布全国第三批城市一刻钟…</a><span>2023-09-07</span></li>
<li><a href="gkgztz/202310/x.shtml">商务部关于开展2023年家政服务业提质扩容的通知</a><span>2023-10-01</span></li>
<li><a href="../old/held.shtml">商务部等11部门办公厅（室）关于公布第四批城市一刻钟便民生活圈试点名单和首批全域推进先行区试点名单的通知</a><span>2024-09-14</span></li>
</ul><a href="list_2.html">下一页</a></body></html>`
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(first)
	if err != nil {
		t.Fatal(err)
	}
	second := `<html><body><table>
<tr><td><a href="./2025/new.shtml">商务部等部门关于公布城市一刻钟便民生活圈第二批全域推进先行区试点名单的通知</a></td><td>2025/09/01</td></tr>
<tr><td><a href="https://other.example/news.html">城市一刻钟便民生活圈建设取得积极成效</a></td><td>2025/01/01</td></tr>
</table><a href="list.html">上一页</a></body></html>`
	mux := http.NewServeMux()
	mux.HandleFunc("/article/list.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=GBK")
		w.Write([]byte(gbk))
	})
	mux.HandleFunc("/article/list_2.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(second))
	})
	mux.HandleFunc("/huge.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><body>" + strings.Repeat(`<a href="/x.html">x</a>`, 100000) + "</body></html>"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestWatch finds exactly the new notice: on the listing's second page,
// its date read beside it, the two held ones known by their addresses
// (one over https where the listing says http).
func TestWatch(t *testing.T) {
	srv := listing(t)
	held := map[string]bool{
		Key(strings.Replace(srv.URL, "http://", "https://", 1) + "/article/zwgk/gkgztz/202309/20230903438152.shtml"): true,
		Key(srv.URL + "/old/held.shtml"): true,
	}
	found, err := Watch(context.Background(), []string{srv.URL + "/article/list.html"}, lists.Default(),
		func(u string) bool { return held[Key(u)] }, Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].URL != srv.URL+"/article/2025/new.shtml" || found[0].Date != "2025-09-01" ||
		!strings.Contains(found[0].Title, "第二批全域推进先行区") {
		t.Errorf("found %+v", found)
	}
	found, err = Watch(context.Background(), []string{srv.URL + "/article/list.html"}, lists.Default(),
		func(string) bool { return false }, Options{Timeout: 5 * time.Second})
	if err != nil || len(found) != 3 || found[0].Date != "2025-09-01" || found[2].Date != "2023-09-07" {
		t.Errorf("with nothing held, newest first: %+v, %v", found, err)
	}
}

// TestWatchHuge refuses a listing of 100,000 links, at the bound.
func TestWatchHuge(t *testing.T) {
	srv := listing(t)
	_, err := Watch(context.Background(), []string{srv.URL + "/huge.html"}, lists.Default(), func(string) bool { return false }, Options{Timeout: 5 * time.Second})
	if err == nil || !strings.HasSuffix(err.Error(), "more than 10000 links on one page: not a listing of notices") {
		t.Errorf("error %v", err)
	}
}
