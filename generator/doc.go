// Package generator builds the open-data site of the 15-minute convenient
// living circle pilots from the notices in a seeds folder. It holds the
// two entry points, Load and Build; each stage lives in its own package:
//
//	read     medium.Read        a notice in its medium (text, page, Word, workbook,
//	                            PDF) as text or cells, each piece positioned
//	parse    notice.Parse       batch, dates, offices, stated count, body, annex rows
//	check    Notice.Check       numbering, stated count, repeats; then across
//	         notice.CrossCheck  notices: one notice per batch, repeats across batches
//	enrich   (here)             division codes, levels, English names, seat points
//	                            from package gazetteer
//	render   data.Write         every output of data.Outputs for every table (all
//	                            batches, each batch): downloads, Data Packages,
//	                            DCAT catalog, SHA256SUMS
//	         site.Render        the pages, feed, sitemap
//	publish  publish.Staging    everything is written to a folder beside the
//	                            output folder and swapped in with one atomic
//	                            exchange; a failed or killed build leaves the
//	                            previous site whole
//
// Load runs read, parse, check and enrich over every notice of a folder
// (a text, a saved page, a folder of a page and its attachments; package
// medium) and returns every diagnostic of every file, sorted. Build reads
// as its stages (build.go): open the options (options.go, which Kinds and
// Settings share), key the inputs (inputs.go), render into a staging folder
// of package publish, and commit it; unless the output folder already
// holds the site of the same inputs, whole and unchanged, which it then
// checks and leaves as it is. The downloads are written while the pages
// that do not list them render; then the changes since the previous build
// are worked out, without parsing the previous pilots.json when it is the
// same bytes.
//
// Neither reads the network or anything outside the seeds folder and the
// binary (and the folders of Options.Templates and Options.Content, whose
// files replace the built-in ones of the same name, and of Options.Static,
// whose files are copied into the site as they are), so the same seeds
// give the same bytes; Build reads the previous site only to compare with
// it, reuse its unchanged files, or find it up to date, and the clock only
// to say how long it took (Result.Elapsed), which no output holds. Neither
// prints: Load returns diagnostics, Build a Result and an error, and a
// caller that wants to show progress passes Options.Progress.
package generator
