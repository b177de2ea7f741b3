#!/usr/bin/env bash
# Makes the fixtures of package medium's tests from the seed's notice, with
# the producers maintainers' files come from (Debian: chromium,
# libreoffice-writer-nogui, libreoffice-calc-nogui, python3; .ci/install
# installs them):
#   page-utf8.html     the ministry's page as Chromium holds it (--dump-dom), UTF-8
#   page-gb18030.html  the same page in GB18030, as provincial sites serve theirs
#   annex.docx         the annex from LibreOffice Writer (merged province cells)
#   annex-writer.pdf   that .docx exported to PDF by LibreOffice Writer
#   annex.xlsx         the annex from LibreOffice Calc (merged province cells)
#   annex-chromium.pdf the annex page printed by Chromium (--print-to-pdf)
#   annex-cut.*        each of those four, the list cut short after row 41
#   pasted.txt         the notice as pasted from its page; notice.txt without its annex
#   two-lists/         the two-list test notice: its text, 附件1.xlsx, 附件2.pdf
#   split.docx, split-noheader.docx  the annex from Writer as two tables, a
#                      page break inside a province's block, the header repeated or not
#   annex-note.xlsx, annex-note-cut.xlsx  from Calc, a note under the table
#                      stating the total (the second cut short after row 41);
#                      annex-note.docx and annex-note-writer.pdf the same from Writer
#   page-stale-meta.html  UTF-8 bytes under <meta charset="gb2312">, as a page
#                      served as UTF-8 by its header is saved
#   page-gbk-nometa.html  the page in GBK without any <meta charset>
#   page.mhtml         the page as Chromium saves it as one file (MHTML)
#   complete/          the page that links its annex, saved "complete": notice.html,
#                      its annex under the server's name in notice_files/
#   served/, served-cut/  the two-list notice as the ministry serves it, its
#                      attachments under the server's names (Writer's .docx and
#                      PDF); in served-cut/ the PDF holds 3 of its 5 rows
#   pdftotext.txt, pdftotext-layout.txt  the notice, then its annex as pdftotext
#                      copies it out of Writer's PDF (-nopgbrk), plain and -layout
# Run it from anywhere; it rewrites every fixture. The files differ in their
# time stamps from run to run, never in what they say.
set -euo pipefail
cd "$(dirname "$0")"
python3 make.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
office() { soffice -env:UserInstallation=file://"$tmp"/profile --headless "$@" >/dev/null; }
chrome() { chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chrome" "$@" 2>/dev/null; }

# The page: what Chromium made of it.
chrome --dump-dom "file://$PWD/src/page.html" > page-utf8.html
sed 's/<meta charset="utf-8">/<meta charset="gb18030">/' page-utf8.html | iconv -f UTF-8 -t GB18030 > page-gb18030.html

for name in annex annex-cut; do
	office --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" "src/$name.html"
	cp "$tmp/$name.docx" "$name.docx"
	office --convert-to pdf:writer_pdf_Export --outdir "$tmp" "$name.docx"
	cp "$tmp/$name.pdf" "$name-writer.pdf"
	office --infilter='HTML (StarCalc)' --convert-to xlsx:'Calc MS Excel 2007 XML' --outdir "$tmp" "src/$name.html"
	cp "$tmp/$name.xlsx" "$name.xlsx"
	chrome --no-pdf-header-footer --print-to-pdf="$PWD/$name-chromium.pdf" "file://$PWD/src/$name.html"
done

mkdir -p two-lists
cp src/two-lists/notice.txt two-lists/notice.txt
office --infilter='HTML (StarCalc)' --convert-to xlsx:'Calc MS Excel 2007 XML' --outdir "$tmp" src/two-lists/附件1.html
cp "$tmp/附件1.xlsx" two-lists/附件1.xlsx
office --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" src/two-lists/附件2.html
office --convert-to pdf:writer_pdf_Export --outdir "$tmp" "$tmp/附件2.docx"
cp "$tmp/附件2.pdf" two-lists/附件2.pdf

for name in split split-noheader; do
	office --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" "src/$name.html"
	cp "$tmp/$name.docx" "$name.docx"
done
for name in annex-note annex-note-cut; do
	office --infilter='HTML (StarCalc)' --convert-to xlsx:'Calc MS Excel 2007 XML' --outdir "$tmp" "src/$name.html"
	cp "$tmp/$name.xlsx" "$name.xlsx"
done
office --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" src/annex-note.html
cp "$tmp/annex-note.docx" annex-note.docx
office --convert-to pdf:writer_pdf_Export --outdir "$tmp" annex-note.docx
cp "$tmp/annex-note.pdf" annex-note-writer.pdf

sed 's/<meta charset="utf-8">/<meta charset="gb2312">/' page-utf8.html > page-stale-meta.html
sed 's/<meta charset="utf-8">//' page-utf8.html | iconv -f UTF-8 -t GBK > page-gbk-nometa.html
go run ./src/mhtml "file://$PWD/src/page.html" > page.mhtml

rm -rf complete && mkdir -p complete/notice_files
chrome --dump-dom "file://$PWD/src/page-linked.html" > complete/notice.html
cp annex.docx complete/notice_files/P020230907336418960218.docx
printf 'body{}\n' > complete/notice_files/style.css

rm -rf served served-cut && mkdir -p served served-cut
chrome --dump-dom "file://$PWD/src/served.html" > served/notice.html
office --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" src/two-lists/附件1.html
cp "$tmp/附件1.docx" served/P020240914371234567845.docx
cp "$tmp/附件2.pdf" served/P020240914371234567846.pdf
cp served/notice.html served/P020240914371234567845.docx served-cut/
office --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/cut" src/two-lists/附件2-cut.html
office --convert-to pdf:writer_pdf_Export --outdir "$tmp/cut" "$tmp/cut/附件2-cut.docx"
cp "$tmp/cut/附件2-cut.pdf" served-cut/P020240914371234567846.pdf

{ cat notice.txt; pdftotext -nopgbrk annex-writer.pdf -; } > pdftotext.txt
{ cat notice.txt; pdftotext -nopgbrk -layout annex-writer.pdf -; } > pdftotext-layout.txt
