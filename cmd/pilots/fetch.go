package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/bianmin-data/pilots/generator"
	"github.com/bianmin-data/pilots/generator/diag"
	"github.com/bianmin-data/pilots/generator/fetch"
	"github.com/bianmin-data/pilots/generator/notice"
	"github.com/bianmin-data/pilots/generator/publish"
	"github.com/bianmin-data/pilots/generator/settings"
)

// errNew marks a watch that found new notices: exit 3.
var errNew = errors.New("new notices")

// fetchNotice runs "pilots fetch": the notice at the address into a new
// folder of the seeds folder, then what check -show reads of it.
func fetchNotice(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fetch", "fetch [-seeds seeds] URL", stderr)
	seeds := fs.String("seeds", "seeds", "folder of notices, where the notice's new folder goes")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "pilots fetch: give the notice's address, one")
		fs.Usage()
		return errUsage
	}
	// A notice saved by hand with this source address: a fetched copy
	// beside it would claim its lists twice.
	prior, _, err := fetch.Fetched(*seeds)
	if err != nil {
		return err
	}
	byHand, err := savedByHand(*seeds, prior)
	if err != nil {
		return err
	}
	if name, ok := byHand[fetch.Key(fs.Arg(0))]; ok {
		return fmt.Errorf("%s already holds this notice, saved by hand (its source address is this one): remove it first to replace it with the fetched copy and its provenance", diag.Quote(name))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	folder, problems, err := fetchOne(ctx, fs.Arg(0), *seeds, stdout, stderr)
	if err == nil && problems {
		err = fmt.Errorf("the fetched notice has problems (above): %s is kept for you to check and fix (pilots check -show)", diag.Quote(folder))
	}
	return err
}

// fetchOne fetches one notice into its folder and shows what was read of
// it, and whether it has problems, which it prints.
func fetchOne(ctx context.Context, address, seeds string, stdout, stderr io.Writer) (folder string, problems bool, err error) {
	res, err := fetch.Fetch(ctx, address, fetch.Options{Seeds: seeds})
	if err != nil {
		return "", false, fmt.Errorf("fetch %w; %s is as it was", err, diag.Quote(seeds))
	}
	switch {
	case res.Unchanged:
		fmt.Fprintf(stdout, "unchanged: %s already holds these bytes; nothing was written\n", diag.Quote(res.Folder))
		return res.Folder, false, nil
	case res.RevisionOf != "":
		fmt.Fprintf(stdout, "revision: the notice's files differ from those in %s; both are kept, in %s: compare them and keep the one that is the notice\n", diag.Quote(res.RevisionOf), diag.Quote(res.Folder))
	default:
		fmt.Fprintf(stdout, "fetched into %s:\n", diag.Quote(res.Folder))
	}
	for _, f := range res.Record.Files {
		fmt.Fprintf(stdout, "  %s  %d bytes  %s\n", diag.Quote(f.Name), f.Size, diag.Escape(f.FinalURL))
	}
	// What check -show reads of it, and the problems found in it.
	kinds, err := generator.Kinds("")
	if err != nil {
		return "", false, err
	}
	ds, diags := generator.Load(seeds, kinds)
	inFolder := func(name string) bool {
		in, _ := publish.Inside(name, res.Folder)
		return in || name == res.Folder
	}
	diags = slices.DeleteFunc(diags, func(d *diag.Diagnostic) bool { return !inFolder(d.Pos.File) })
	ds.Notices = slices.DeleteFunc(ds.Notices, func(n *notice.Notice) bool { return !inFolder(n.Src.Name) })
	failed := report(diags, false, false, stdout, stderr) != nil
	fmt.Fprint(stdout, show(ds))
	return res.Folder, failed, nil
}

// watchListings runs "pilots watch": the listing pages' notices that the
// seeds folder does not hold, newest first; with -fetch, each fetched.
func watchListings(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("watch", "watch [-seeds seeds] [-fetch] [LISTING-URL…] (default: [watch] listings in content/site.toml)", stderr)
	seeds := fs.String("seeds", "seeds", "folder of notices, whose sources are known")
	fetchNew := fs.Bool("fetch", false, "fetch each new notice into the seeds folder, as pilots fetch does")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	listings := fs.Args()
	if len(listings) == 0 {
		listings = settings.Default().Watch.Listings
	}
	if len(listings) == 0 {
		fmt.Fprintf(stderr, "pilots watch: give the listing pages' addresses, here or as [watch] listings in content/%s\n", settings.File)
		return errUsage
	}
	known, err := knownSources(*seeds, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	kinds, err := generator.Kinds("")
	if err != nil {
		return err
	}
	found, err := fetch.Watch(ctx, listings, kinds, func(u string) bool { return known[fetch.Key(u)] }, fetch.Options{})
	if err != nil {
		return fmt.Errorf("watch %w", err)
	}
	if len(found) == 0 {
		fmt.Fprintln(stdout, "no new notice")
		return nil
	}
	for _, n := range found {
		fmt.Fprintf(stdout, "new: %s %s %s\n", n.Date, diag.Escape(n.URL), diag.Escape(n.Title))
	}
	if *fetchNew {
		// A notice with problems is kept all the same: the pull request of
		// its folder shows them, where a maintainer fixes them.
		for _, n := range found {
			if _, _, err := fetchOne(ctx, n.URL, *seeds, stdout, stderr); err != nil {
				return err
			}
		}
	}
	return errNew
}

// knownSources returns the addresses the seeds folder's notices came from:
// each fetched folder's record (the notice's address and where it was
// served from), and each notice's source address. A record it cannot read
// is a warning on stderr, its folder one saved by hand.
func knownSources(seeds string, stderr io.Writer) (map[string]bool, error) {
	known := map[string]bool{}
	prior, unread, err := fetch.Fetched(seeds)
	if err != nil {
		return nil, err
	}
	for _, e := range unread {
		fmt.Fprintf(stderr, "pilots: warning: %s\n", diag.Escape(e.Error()))
	}
	for _, p := range prior {
		known[fetch.Key(p.Record.Notice)] = true
		for _, f := range p.Record.Files {
			known[fetch.Key(f.URL)], known[fetch.Key(f.FinalURL)] = true, true
		}
	}
	byHand, err := savedByHand(seeds, prior)
	for key := range byHand {
		known[key] = true
	}
	return known, err
}

// savedByHand returns the notices of the seeds folder that no fetch made
// (no folder of prior, fetch.Fetched's), by their source address's key
// (fetch.Key).
func savedByHand(seeds string, prior []fetch.Prior) (map[string]string, error) {
	kinds, err := generator.Kinds("")
	if err != nil {
		return nil, err
	}
	ds, _ := generator.Load(seeds, kinds)
	out := map[string]string{}
	for _, n := range ds.Notices {
		fetched := slices.ContainsFunc(prior, func(p fetch.Prior) bool {
			in, _ := publish.Inside(n.Src.Name, p.Folder)
			return in || n.Src.Name == p.Folder
		})
		if n.SourceURL != "" && !fetched {
			out[fetch.Key(n.SourceURL)] = n.Src.Name
		}
	}
	return out, nil
}
