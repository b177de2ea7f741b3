#!/usr/bin/env bash
# Side-by-side timings of pilots against the tools people would use
# instead, in one run on this machine (make bench-compare):
#   - the 70-pilot rebuild against hugo building the same 70 pages from a
#     data file, with each one's fixed cost for scale (hugo on a site with
#     no content, `pilots version`): the rebuild of unchanged inputs (the
#     site is read and checked, nothing written) and the forced one (-force:
#     everything made again);
#   - a 100,000-row build against pandas writing the same CSV, XLSX
#     (openpyxl) and JSON: as a rebuild over the previous output of the
#     same inputs (a second build on the same machine: checked, nothing
#     written; pandas overwrites its files), forced (-force: what a build
#     of a fresh clone of the committed site does), and as a build into an
#     empty folder;
#   - a 1,000,000-row build into an empty folder: time, peak memory, and
#     how time grows from the 100,000-row build into an empty folder.
# The builds into an empty folder run first, each into a folder of its
# own, and nothing is deleted until the script ends: on ext4 without a
# journal (these virtual machines), making files right after tens of
# thousands were deleted costs seconds of system time that belong to the
# deletion (the allocator passes over every recently freed inode), not to
# the build. The same build right after `rm -rf` of the previous output is
# reported beside it, for what that costs. ext4 counts an inode as freed
# recently for up to six minutes, so the script's own numbers are only
# fair on a machine that has not deleted tens of thousands of files in the
# minutes before it (an earlier run's clean-up included). It needs about
# 25 GB free.
# It installs its peers (hugo, hyperfine, pandas, openpyxl) with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
need=""
command -v hugo >/dev/null || need="$need hugo"
command -v hyperfine >/dev/null || need="$need hyperfine"
/usr/bin/python3 -c 'import pandas, openpyxl' 2>/dev/null || need="$need python3-pandas python3-openpyxl"
if [ -n "$need" ]; then
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/pilots" ./cmd/pilots
P="$work/pilots"
# runs N SEEDS NAME: N builds of SEEDS, each into an empty folder of its
# own ($work/NAME-i), none deleted before the script ends, each from the
# same state: the file system synced (a build flushes it before its swap,
# so it would otherwise wait for the previous run's files too) and the page
# cache dropped (else each run finds memory full of the previous runs'
# files, and reclaiming it cost a million-row build 4.7 s of system time
# here). Their wall times and peak RSS (KB) go to $work/NAME.times, one run
# a line.
runs() {
  for i in $(seq 1 "$1"); do
    sync
    echo 1 | $sudo tee /proc/sys/vm/drop_caches >/dev/null 2>&1 || echo "warning: could not drop the page cache; run $i of $3 pays for reclaiming it" >&2
    /usr/bin/time -f "%e %M" -a -o "$work/$3.times" "$P" build -q -seeds "$2" -out "$work/$3-$i" >/dev/null
  done
}
# timestat FILE COLUMN WHAT: the mean, median or max of a column of a times file.
timestat() { /usr/bin/python3 -c 'import statistics as s,sys; v=[float(l.split()[int(sys.argv[2])]) for l in open(sys.argv[1]) if l.strip()]; print({"mean": s.mean, "median": s.median, "max": max}[sys.argv[3]](v))' "$1" "$2" "$3"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3), $(hugo version | cut -d' ' -f2), pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')"

hf() { # hyperfine's mean or median in seconds, from its JSON export
  /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[2]))["results"][0][sys.argv[1]])' "$1" "$2"
}
mean() { hf mean "$1"; }
ratio() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.1f}')" "$1" "$2"; }
secs() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[1]):.2f} s')" "$1"; }
ms() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[1])*1000:.1f} ms')" "$1"; }

# 0. The builds into an empty folder, before anything is deleted.
go run ./bench/seedgen -n 100000 -out "$work/s100k" >/dev/null
go run ./bench/seedgen -n 1000000 -out "$work/s1m" >/dev/null
"$P" build -q -seeds "$work/s100k" -out "$work/e100k-0" >/dev/null # a warm-up, as hyperfine's
runs 5 "$work/s100k" e100k
runs 3 "$work/s1m" e1m

# 1. 70 pilots: pilots against hugo with the same 70 pages from a data file.
files70=$("$P" build -out "$work/site70" | sed -n 's/.*pilots: \([0-9]*\) files.*/\1/p')
site="$work/hugo"
mkdir -p "$site/data" "$site/content/pilots" "$site/layouts/_default"
cp "$work/site70/data/pilots.json" "$site/data/pilots.json"
cat > "$site/config.toml" <<'TOML'
baseURL = "https://example.org/"
title = "pilots"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
TOML
for seq in $(seq 1 70); do printf -- '---\ntitle: "%s"\nseq: %s\n---\n' "$seq" "$seq" > "$site/content/pilots/$seq.md"; done
cat > "$site/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
{{ $seq := .Params.seq }}{{ range where .Site.Data.pilots "seq" $seq }}<h1>{{ .area }}</h1>
<table><tr><th>province</th><td>{{ .province }} {{ .province_en }}</td></tr><tr><th>area</th><td>{{ .area }} {{ .area_en }}</td></tr>
<tr><th>code</th><td>{{ .division_code }}</td></tr><tr><th>level</th><td>{{ .level }}</td></tr><tr><th>signed</th><td>{{ .issued_on }}</td></tr></table>{{ end }}
</body></html>
HTML
cat > "$site/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><table>
{{ range .Site.Data.pilots }}<tr><td>{{ .seq }}</td><td>{{ .province }}</td><td>{{ .area }}</td><td>{{ .area_en }}</td><td>{{ .division_code }}</td></tr>{{ end }}
</table></body></html>
HTML
hugo --quiet -s "$site" -d "$work/hugo-out" >/dev/null
pages=$(find "$work/hugo-out/pilots" -name index.html | wc -l)
hyperfine -N -w 3 -r 30 --export-json "$work/p70.json" "$P build -q -out $work/site70" >/dev/null
hyperfine -N -w 3 -r 30 --export-json "$work/p70f.json" "$P build -q -force -out $work/site70" >/dev/null
hyperfine -N -w 3 -r 30 --export-json "$work/h70.json" "hugo --quiet -s $site -d $work/hugo-out" >/dev/null
# hugo's fixed cost, for scale: the same configuration with no content.
mkdir -p "$work/hugo-empty" && cp "$site/config.toml" "$work/hugo-empty/"
hyperfine -N -w 3 -r 30 --export-json "$work/h0.json" "hugo --quiet -s $work/hugo-empty -d $work/hugo-empty-out" >/dev/null
hyperfine -N -w 3 -r 30 --export-json "$work/pv.json" "$P version" >/dev/null
pv=$(mean "$work/pv.json")
p70=$(mean "$work/p70.json"); p70f=$(mean "$work/p70f.json"); h70=$(mean "$work/h70.json"); h0=$(mean "$work/h0.json")
/usr/bin/time -f "%M" -o "$work/rss70" "$P" build -q -out "$work/site70"
echo "70 pilots:   pilots rebuild, up to date (every download, $files70 files, read and checked) mean $(ms "$p70"), median $(ms "$(hf median "$work/p70.json")"), peak RSS $(($(cat "$work/rss70") / 1024)) MB"
echo "             pilots rebuild, forced (-force: every file made again) mean $(ms "$p70f")"
echo "             hugo ($pages pages from data/pilots.json) mean $(ms "$h70")   pilots is $(ratio "$h70" "$p70")x faster up to date (target 2.5x), $(ratio "$h70" "$p70f")x forced"
echo "             hugo with no content (its fixed cost) mean $(ms "$h0"); pilots process start (pilots version) mean $(ms "$pv")"

# 2. 100,000 rows: pilots against pandas writing the same three files.
"$P" build -q -seeds "$work/s100k" -out "$work/o100k" 2>/dev/null
hyperfine -N -w 1 -r 5 --export-json "$work/p100k.json" "$P build -q -seeds $work/s100k -out $work/o100k" >/dev/null 2>&1
hyperfine -N -w 1 -r 5 --export-json "$work/p100kf.json" "$P build -q -force -seeds $work/s100k -out $work/o100k" >/dev/null 2>&1
hyperfine -N -w 1 -r 5 --prepare "rm -rf $work/f100k" --export-json "$work/f100k.json" "$P build -q -seeds $work/s100k -out $work/f100k" >/dev/null 2>&1
p100k=$(mean "$work/p100k.json"); p100kf=$(mean "$work/p100kf.json"); f100k=$(timestat "$work/e100k.times" 0 mean); r100k=$(mean "$work/f100k.json")
pd100k=$(/usr/bin/python3 - "$work/o100k/data" "$work/pandas" <<'PY'
import os, sys, time
import pandas as pd
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
df = pd.read_csv(f"{src}/pilots.csv", dtype={"province_code": str, "division_code": str})
best = None
for _ in range(3):
    t = time.perf_counter()
    df.to_csv(f"{out}/pilots.csv", index=False)
    df.to_excel(f"{out}/pilots.xlsx", sheet_name="pilots", index=False, engine="openpyxl")
    df.to_json(f"{out}/pilots.json", orient="records", force_ascii=False)
    d = time.perf_counter() - t
    best = d if best is None else min(best, d)
print(best)
PY
)
echo "100k rows:   pandas to_csv + to_excel(openpyxl) + to_json (best of 3) $(secs "$pd100k")"
echo "             pilots rebuild, up to date (all outputs, 50 batches, pages: read and checked) $(secs "$p100k"): $(ratio "$pd100k" "$p100k")x faster (target 12x)"
echo "             pilots rebuild, forced (-force) $(secs "$p100kf"): $(ratio "$pd100k" "$p100kf")x faster"
echo "             pilots build into an empty folder (mean of 5, each into a folder of its own) $(secs "$f100k"): $(ratio "$pd100k" "$f100k")x faster (target 8x)"
echo "             the same right after rm -rf of the previous output (ext4 passing over the freed inodes) $(secs "$r100k"): $(ratio "$pd100k" "$r100k")x"

# 3. 1,000,000 rows: time, peak memory, growth from 100,000 (the runs of
# section 0; a single run on this virtual machine varies by a tenth or
# more, so the median of three counts).
t1m=$(/usr/bin/python3 -c "import sys; print(f'{float(sys.argv[1]):.1f}')" "$(timestat "$work/e1m.times" 0 median)")
rss1m=$(timestat "$work/e1m.times" 1 max | cut -d. -f1)
echo "1M rows:     pilots build into an empty folder, median of 3: $t1m s, peak RSS $((rss1m / 1024)) MB (targets: no slower than pandas at 100k rows, $(secs "$pd100k"); 600 MB); 1M/100k time, both into an empty folder = $(ratio "$t1m" "$f100k") (target 11)"
