package generator

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"sync"
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
