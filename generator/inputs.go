package generator

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/bianmin-data/pilots/generator/medium"
	"github.com/bianmin-data/pilots/generator/seed"
)

// A build whose inputs are those of the site already in its output folder
// writes nothing (publish.Staging.Current): building again with nothing
// changed, on the machine that built the site (the record of its inputs
// is kept beside it, not in it), costs a read of the site instead of its
// making. The inputs are everything a site is made from, as one key:
//
//   - the program: its Go build ID, which changes with any of its code or
//     embedded files (the built-in templates, content and gazetteer);
//   - every file of every notice, by its path in the seeds folder, read
//     before the notices are parsed, so that a file changed while the
//     build reads it makes the next key differ (unless it is changed back
//     to the very bytes read first, before the next build);
//   - every file of the -templates, -content and -static folders;
//   - the base and report addresses.
//
// Options.Force builds anyway.

// keyVersion is the first line of every key: changed when what a key
// covers does.
const keyVersion = "pilots inputs 1\n"

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

// inputsKey is the key of a build of ds with the folders and addresses
// given, or "" when there is none to trust: no program ID, or a seed or
// folder file that could not be read.
func inputsKey(ds *Dataset, baseURL, reportURL string, folders map[string]fs.FS) string {
	id, err := programID()
	if err != nil || ds.Inputs == "" {
		return ""
	}
	d := newDigest()
	io.WriteString(d.h, keyVersion)
	d.add("program", []byte(id))
	d.add("seeds", []byte(ds.Inputs))
	d.add("base-url", []byte(baseURL))
	d.add("report-url", []byte(reportURL))
	for _, option := range []string{"Templates", "Content", "Static"} {
		if err := folderDigest(d, option, folders[option]); err != nil {
			return ""
		}
	}
	return d.sum()
}

// buildIDPrefix starts the Go build ID that the linker puts at the start
// of the text of a program that is not ELF, where go tool buildid reads
// it.
var buildIDPrefix = []byte("\xff Go build ID: \"")

// programID is the running program's Go build ID, as go tool buildid
// reads it: an ELF program's from its .note.go.buildid section, another's
// from the first 32 KiB of its executable; without one (a program linked
// with -buildid=), the SHA-256 of the whole executable.
//
// The executable is read through /proc/self/exe where there is one: it is
// the program running even once another file is put at its path (a go
// build over it while a build runs), where os.Executable names that path,
// and the key would name a program that did not build the site.
var programID = sync.OnceValues(func() (string, error) {
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		exe, err := os.Executable()
		if err != nil {
			return "", err
		}
		if f, err = os.Open(exe); err != nil {
			return "", err
		}
	}
	defer f.Close()
	if ef, err := elf.NewFile(f); err == nil {
		if s := ef.Section(".note.go.buildid"); s != nil && s.Size < 1<<10 {
			// A note: name size, description size, type, then the name
			// ("Go", padded to 4 bytes) and the description, the ID.
			note, err := s.Data()
			if err == nil && len(note) > 16 && string(note[12:16]) == "Go\x00\x00" {
				desc := int(binary.LittleEndian.Uint32(note[4:8]))
				if ef.ByteOrder == binary.BigEndian {
					desc = int(binary.BigEndian.Uint32(note[4:8]))
				}
				if 16+desc <= len(note) && desc > 0 {
					return "go:" + string(note[16:16+desc]), nil
				}
			}
		}
	}
	head := make([]byte, 32<<10)
	n, err := f.ReadAt(head, 0)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if err != nil && err != io.ErrUnexpectedEOF {
		return "", err
	}
	head = head[:n]
	if i := bytes.Index(head, buildIDPrefix); i >= 0 {
		rest := head[i+len(buildIDPrefix):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return "go:" + string(rest[:j]), nil
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
})
