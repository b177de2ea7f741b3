// Package generator builds the open-data site of the 15-minute convenient
// living circle pilots from the notices in a seeds folder.
//
// A build is a pipeline of plain stages over plain values; only the last
// touches the output folder:
//
//	read     seed.Read       key: value fields, each with its position
//	parse    notice.Parse    batch, dates, offices, stated count, body, annex rows
//	check    Notice.Check    numbering, stated count, repeats; then across
//	                         notices: one notice per batch, repeats across batches
//	enrich   enrich          division codes, levels, English names, seat points
//	render   writeData       data.Formats for every table (all batches, each
//	         site.Render     batch), Data Packages, DCAT catalog, SHA256SUMS;
//	                         then the pages, feed, sitemap
//	publish  staging.commit  everything is written to a folder beside the
//	                         output folder and swapped in with one atomic
//	                         exchange; a failed or killed build leaves the
//	                         previous site whole. A file that is the same
//	                         bytes as the previous build's is hard-linked,
//	                         not written (fileWriter), so it keeps its
//	                         modification time and sync tools skip it. The
//	                         swapped-out site, emptied of its files, is the
//	                         folder scaffold the next build writes into
//
// The downloads are written while the pages that do not list them render
// (site.Site.Files); then the changes since the previous build are worked
// out, without parsing the previous pilots.json when it is the same bytes.
//
// Load runs read, parse, check and enrich over every *.txt of a folder and
// returns every diagnostic of every file, sorted; Build runs render and
// publish. Neither reads the clock, the network or anything outside the
// seeds folder and the binary (and the folders of Options.Templates and
// Options.Content, whose files replace the built-in ones of the same name),
// so the same seeds give the same bytes; Build reads the previous site only
// to compare with it.
//
// The download formats are data (data.Formats: name, file, media type,
// writer); adding one adds it to every table, the metadata and the pages.
package generator
