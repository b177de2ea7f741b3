#!/usr/bin/env python3
"""Writes the sources the producers in make.sh convert: the notice of
seeds/000_*.txt as the ministry's page with its chrome (src/page.html), its
annex alone as a page (src/annex.html, and cut short after row 41,
src/annex-cut.html), the text as pasted from the page (pasted.txt) and
without its annex (notice.txt), and the
two-list test notice of testdata/two-lists as a text and two annex pages."""
import glob, html, os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

def record(path):
    fields, key = {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^(html|title|resulting_text|input_url|returned_url|date|translated_title|translated_content|english_summary): ?(.*)", line)
        if m:
            key = m.group(1); fields[key] = m.group(2)
        elif key:
            fields[key] += line
    return {k: v.strip() for k, v in fields.items()}

def split(text):
    """The body paragraphs, the annex reference, the offices, the date, and
    each annex (number, title, remark, header, rows)."""
    toks = text.split()
    ref = next(i for i, t in enumerate(toks) if t.startswith("附件：") or t.startswith("附件:"))
    date = next(i for i, t in enumerate(toks) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t))
    body, refs, offices = toks[:ref], toks[ref:ref + 1], toks[ref + 1:date]
    while offices and re.match(r"^\d+[.．、]", offices[0]):
        refs.append(offices.pop(0))
    annexes, cur = [], None
    for t in toks[date + 1:]:
        if re.fullmatch(r"附件\d*", t):
            cur = {"marker": t, "title": [], "header": [], "rows": []}
            annexes.append(cur)
        elif not cur["header"] and t != "序号":
            cur["title"].append(t)
        elif t == "序号" or (cur["header"] and not cur["rows"] and not t.isdigit()):
            cur["header"].append(t)
        elif t.isdigit():
            cur["rows"].append([t])
        else:
            cur["rows"][-1].append(t)
    return body, refs, offices, toks[date], annexes

def table(annex, limit=None, rows=None, header=True):
    """The annex's table, its province cells merged over their blocks; rows
    (a slice of the annex's) may start inside a block, whose province cell
    is then empty, as Word leaves the part of a merged cell that a page
    break carried into a table of its own."""
    if rows is None:
        rows = annex["rows"][:limit] if limit else annex["rows"]
    blocks = []
    for r in rows:
        if len(r) == 3 or not blocks:
            blocks.append([r])
        else:
            blocks[-1].append(r)
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">']
    if header:
        out.append("<tr>" + "".join(f'<td align="center"><b>{html.escape(h)}</b></td>' for h in annex["header"]) + "</tr>")
    for b in blocks:
        for i, r in enumerate(b):
            cells = f'<td align="center">{r[0]}</td>'
            if i == 0:
                name = html.escape(r[1]) if len(r) == 3 else ""
                cells += f'<td align="center" valign="middle" rowspan="{len(b)}">{name}</td>'
            cells += f'<td align="center">{html.escape(r[-1])}</td>'
            out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)

def annex_page(annex, limit=None, tables=None, after=""):
    """The annex alone as a page: its marker, title and table (or the given
    tables), and what follows the table (a note)."""
    title = [t for t in annex["title"] if not t.startswith("（")]
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>附件</title></head>\n'
            '<body style="font-family:\'WenQuanYi Micro Hei\',sans-serif">\n'
            f'<p>{annex["marker"]}</p>\n<h3 style="text-align:center">{html.escape("".join(title))}</h3>\n'
            f'{tables or table(annex, limit)}\n{after}</body></html>\n')

def write(path, text, encoding="utf-8"):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding=encoding, newline="\n") as f:
        f.write(text)

seed = record(glob.glob(os.path.join(root, "seeds", "000_*.txt"))[0])
body, refs, offices, date, annexes = split(seed["resulting_text"])
url = seed["input_url"].split("/", 1)[1]
nav = "".join(f'<li><a href="/article/{i}/">{n}</a></li>' for i, n in enumerate(
    ["首页", "新闻发布", "政务公开", "商务数据", "政策发布", "办事服务", "互动交流", "专题专栏", "部领导", "机构设置"]))
paras = "\n".join(f'<p style="text-indent:2em">{html.escape(t)}</p>' for t in body)
sig = "\n".join(f'<p style="text-align:right">{html.escape(o)}</p>' for o in offices)
a = annexes[0]
page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<title>{html.escape(seed["title"])}_商务部网站</title>
<meta name="ArticleTitle" content="{html.escape(seed["title"])}">
<meta name="PubDate" content="{seed["date"][:10]} 16:20">
<meta name="ContentSource" content="流通发展司">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/css/style.css">
<script>var _hmt = _hmt || []; window.onload = function () {{ document.title += ""; }};</script>
</head>
<body>
<div class="top"><a href="/">中华人民共和国商务部</a> <a href="/en/">English</a> <form><input name="q"><button>搜索</button></form></div>
<ul class="nav">{nav}</ul>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/article/zwgk/">政务公开</a> &gt; <a href="/article/zwgk/gkgztz/">通知公告</a></div>
<div class="article">
<h1>{html.escape(seed["title"])}</h1>
<div class="info"><span>发布时间：{seed["date"][:10]}</span> <span>来源：流通发展司</span> <span>阅读:751</span> <a href="javascript:print()">打印本页</a></div>
<div class="art-con" id="zoom">
<p>{html.escape(body[0])}</p>
{paras.split(chr(10), 1)[1]}
<p style="text-indent:2em">{html.escape(refs[0])}</p>
{sig}
<p style="text-align:right">{date}</p>
<p>附件</p>
<p style="text-align:center"><b>{html.escape(a["title"][0])}</b></p>
<p style="text-align:center">{html.escape(" ".join(a["title"][1:]))}</p>
{table(a)}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
</div>
</div>
<div class="footer"><p>主办单位：中华人民共和国商务部　地址：北京市东长安街2号　邮编：100731</p>
<p>网站标识码bm22000001　京ICP备05004093号　<a href="/about/">网站声明</a></p></div>
</body></html>
"""
write("src/page.html", page)
# The page that links its annex instead of holding it, as most do: saved
# "complete", its annex put into its resources folder (make.sh).
annex_html = f"""<p>附件</p>
<p style="text-align:center"><b>{html.escape(a["title"][0])}</b></p>
<p style="text-align:center">{html.escape(" ".join(a["title"][1:]))}</p>
{table(a)}"""
assert annex_html in page
write("src/page-linked.html", page.replace(annex_html, '<p>附件：<a href="/cms/202309/P020230907336418960218.docx">全国第三批城市一刻钟便民生活圈试点名单.docx</a></p>'))
write("src/annex.html", annex_page(a))
write("src/annex-cut.html", annex_page(a, 41))

# The text as pasted from the page: a line for the title and the source,
# then the notice, a paragraph a line, the annex a row a line.
lines = ["标题：" + seed["title"], "来源：" + url, ""] + body + refs + offices + [date, "附件", *a["title"], " ".join(a["header"])]
lines += [" ".join(r) for r in a["rows"]]
write("pasted.txt", "\n".join(lines) + "\n")
# The same without its annex: the notice of a folder whose annex is a file.
write("notice.txt", "\n".join(lines[:lines.index(date) + 1]) + "\n")

# The two-list notice as a folder: its text without the annexes, each annex
# a page that make.sh turns into an attachment.
two = record(os.path.join(root, "testdata", "two-lists", "2024_two_lists.txt"))
body, refs, offices, date, annexes = split(two["resulting_text"])
write("src/two-lists/notice.txt", "\n".join([two["title"], ""] + body + refs + offices + [date]) + "\n")
for i, an in enumerate(annexes, 1):
    write(f"src/two-lists/附件{i}.html", annex_page(an))

# The forms maintainers save a notice in, beyond the ones above (make.sh
# turns the pages into their files):
#   src/split.html, src/split-noheader.html  the annex as two tables, a page
#     break between them inside one province's block, the header repeated or not
#   src/annex-note.html, src/annex-note-cut.html  the annex with a note under
#     its table that states the total (the second cut short after row 41)
#   src/served.html  the two-list notice as the ministry serves it, with an
#     attachment box linking its annexes under the server's names
#   pdftotext.txt, pdftotext-layout.txt  (make.sh) the notice, its annex
#     copied out of the PDF by pdftotext
rows = a["rows"]
cut = next(i for i in range(35, len(rows)) if len(rows[i]) == 2 and len(rows[i - 1]) == 2)  # inside a block
brk = '<p style="page-break-before:always"></p>\n'
write("src/split.html", annex_page(a, tables=table(a, rows=rows[:cut]) + "\n" + brk + table(a, rows=rows[cut:])))
write("src/split-noheader.html", annex_page(a, tables=table(a, rows=rows[:cut]) + "\n" + brk + table(a, rows=rows[cut:], header=False)))
note = f"<p>注：试点地区按行政区划序列排序，共{len(rows)}个。</p>\n"
write("src/annex-note.html", annex_page(a, after="<p></p>\n" + note))
write("src/annex-note-cut.html", annex_page(a, 41, after="<p></p>\n" + note))

# The two-list notice as the ministry serves it: its body states the
# counts in the wording of the issue that found short lists published
# (…试点地区8个、城市一刻钟便民生活圈首批全域推进先行区5个); its attachment box
# links the annexes under the server's names, one by a path on the host,
# one by a full address, and one link's text has no number.
body2 = [t.replace("确定第四批全国试点地区8个、首批全域推进先行区试点地区5个", "确定第四批全国城市一刻钟便民生活圈试点地区8个、城市一刻钟便民生活圈首批全域推进先行区5个") for t in body]
assert body2 != body
served_paras = "\n".join(f'<p style="text-indent:2em">{html.escape(t)}</p>' for t in body2)
served_sig = "\n".join(f'<p style="text-align:right">{html.escape(o)}</p>' for o in offices)
served = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<title>{html.escape(two["title"])}_商务部网站</title>
<meta name="ArticleTitle" content="{html.escape(two["title"])}">
<meta name="PubDate" content="2024-09-14 16:20">
<link rel="canonical" href="http://www.mofcom.gov.cn/fixture/two-lists.shtml">
</head>
<body>
<div class="top"><a href="/">中华人民共和国商务部</a></div>
<ul class="nav">{nav}</ul>
<div class="article">
<h1>{html.escape(two["title"])}</h1>
<div class="art-con" id="zoom">
{served_paras}
{"".join(f'<p style="text-indent:2em">{html.escape(r)}</p>' for r in refs)}
{served_sig}
<p style="text-align:right">{date}</p>
</div>
<div class="fujian">附件：
<p><a href="/cms/202409/P020240914371234567845.docx">1.第四批全国城市一刻钟便民生活圈试点名单.docx</a></p>
<p><a href="http://www.mofcom.gov.cn/cms/202409/P020240914371234567846.pdf?t=1">首批城市一刻钟便民生活圈全域推进先行区试点名单</a></p>
</div>
</div>
<div class="footer"><p>主办单位：中华人民共和国商务部</p></div>
</body></html>
"""
write("src/served.html", served)
write("src/two-lists/附件2-cut.html", annex_page(annexes[1], 3))
