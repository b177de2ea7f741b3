package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"

	"github.com/bianmin-data/pilots/generator/medium"
	"github.com/bianmin-data/pilots/generator/seed"
)

// digest hashes named byte strings, each told apart from the next by its
// name and length.
type digest struct{ h hash.Hash }

func newDigest() digest { return digest{sha256.New()} }

func (d digest) add(name string, b []byte) {
	io.WriteString(d.h, name+"\x00"+strconv.Itoa(len(b))+"\x00")
	d.h.Write(b)
}

func (d digest) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }

// seedsDigest is the digest of every file of the notices entries of the
// seeds folder dir, or "" when one cannot be read (its notice fails to
// load too). Time linear in the files' size; memory that of the largest.
func seedsDigest(dir string, entries []medium.Entry) string {
	d := newDigest()
	for _, e := range entries {
		files := append([]string{e.Main}, e.Attachments...)
		if e.Provenance != "" {
			files = append(files, e.Provenance) // the sources' record, which the site shows
		}
		for _, path := range files {
			b, errs := seed.Load(path)
			if errs != nil {
				return ""
			}
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return ""
			}
			d.add(filepath.ToSlash(rel), b)
		}
	}
	return d.sum()
}

// folderDigest adds every file of fsys (nil for none) to d, under the
// option's name.
func folderDigest(d digest, option string, fsys fs.FS) error {
	if fsys == nil {
		d.add(option, nil)
		return nil
	}
	return fs.WalkDir(fsys, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		d.add(option+"/"+name, b)
		return nil
	})
}
