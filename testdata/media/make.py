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

def table(annex, limit=None):
    rows = annex["rows"][:limit] if limit else annex["rows"]
    # Merged province cells: a row with a province starts a block.
    blocks = []
    for r in rows:
        if len(r) == 3:
            blocks.append([r])
        else:
            blocks[-1].append(r)
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">',
           "<tr>" + "".join(f'<td align="center"><b>{html.escape(h)}</b></td>' for h in annex["header"]) + "</tr>"]
    for b in blocks:
        for i, r in enumerate(b):
            cells = f'<td align="center">{r[0]}</td>'
            if i == 0:
                cells += f'<td align="center" valign="middle" rowspan="{len(b)}">{html.escape(r[1])}</td>'
            cells += f'<td align="center">{html.escape(r[-1])}</td>'
            out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)

def annex_page(annex, limit=None):
    title = [t for t in annex["title"] if not t.startswith("（")]
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>附件</title></head>\n'
            '<body style="font-family:\'WenQuanYi Micro Hei\',sans-serif">\n'
            f'<p>{annex["marker"]}</p>\n<h3 style="text-align:center">{html.escape("".join(title))}</h3>\n'
            f'{table(annex, limit)}\n</body></html>\n')

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
