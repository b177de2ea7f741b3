#!/bin/sh
# Opens a pull request for each notice folder that `pilots watch -fetch`
# added to seeds/ (untracked by git), on a branch of its own, titled with
# the notice's title as the listing gave it (the "new:" lines of the watch
# output, $1). Run by .github/workflows/watch.yml; needs git and gh, with
# GH_TOKEN set.
set -eu
log=$1
base=$(git rev-parse --abbrev-ref HEAD)
git config user.name "pilots watch"
git config user.email "pilots-watch@users.noreply.github.com"
git ls-files --others --exclude-standard --directory seeds/ | while read -r folder; do
	folder=${folder%/}
	[ -f "$folder/provenance.json" ] || continue
	# The notice's address, from its record; its title, from the watch output.
	url=$(sed -n 's/^  "notice": "\(.*\)",$/\1/p' "$folder/provenance.json")
	title=$(grep -F " $url " "$log" | sed 's/^new: [^ ]* [^ ]* //' | head -n 1)
	[ -n "$title" ] || title="New notice: $(basename "$folder")"
	branch="notice/$(basename "$folder")"
	if git ls-remote --exit-code --heads origin "$branch" >/dev/null 2>&1; then
		echo "$branch exists already: its pull request is open or was closed by hand"
		continue
	fi
	git checkout -q -b "$branch" "$base"
	git add "$folder"
	git commit -q -m "Add the notice $(basename "$folder"): $title" -m "Fetched by pilots watch from $url; its files' addresses, dates and checksums are in $folder/provenance.json."
	git push -q origin "$branch"
	gh pr create --base "$base" --head "$branch" --title "$title" \
		--body "Fetched from $url by the watch workflow, with its attachments and their provenance (\`$folder/provenance.json\`). The pages workflow checks it strictly and builds it; read its output, compare the rows that \`pilots check -show\` prints with the ministry's files, then merge."
	git checkout -q "$base"
done
