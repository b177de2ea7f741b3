// Package provenance is the record of where a notice's files came from:
// one small JSON file, provenance.json, in the folder `pilots fetch` made,
// naming for each file the address asked for, the address it was served
// from after redirects, when it was retrieved (UTC), the HTTP status,
// Content-Type (and the charset it gives), Last-Modified, ETag, its size
// and SHA-256.
//
//	{
//	  "notice": "http://www.mofcom.gov.cn/article/zwgk/gkgztz/202309/20230903438152.shtml",
//	  "files": [
//	    {"name": "20230903438152.shtml", "url": "http://…", "final_url": "https://…",
//	     "retrieved": "2026-12-07T02:00:00Z", "status": 200,
//	     "content_type": "text/html; charset=GBK", "charset": "GBK",
//	     "last_modified": "Thu, 07 Sep 2023 08:20:00 GMT", "etag": "\"64f9…\"",
//	     "size": 48213, "sha256": "…"}
//	  ]
//	}
//
// Folders saved by hand have none, and are read as before. The record is
// read by package medium, which takes a page's charset from it (the
// server's header wins over a stale <meta>) and matches an attachment to
// the page's link by the address it was fetched from, and whose check
// warns of a file whose bytes are no longer those recorded (edited by
// hand since). Package fetch writes it.
package provenance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bianmin-data/pilots/generator/seed"
)

// Name is the record's file name in a notice's folder.
const Name = "provenance.json"

// maxRecord bounds the bytes of a record read: a notice's few files take
// a few kilobytes.
const maxRecord = 1 << 20

// Record is where a folder's files came from.
type Record struct {
	Notice string `json:"notice"` // the notice's address, as given
	Files  []File `json:"files"`  // the page first, then the attachments in the order of its links
}

// File is one file of the folder and how it was retrieved.
type File struct {
	Name         string    `json:"name"`      // its name in the folder
	URL          string    `json:"url"`       // the address asked for
	FinalURL     string    `json:"final_url"` // the address it was served from, after redirects
	Retrieved    time.Time `json:"retrieved"` // UTC
	Status       int       `json:"status"`
	ContentType  string    `json:"content_type,omitempty"`
	Charset      string    `json:"charset,omitempty"` // from the Content-Type header
	LastModified string    `json:"last_modified,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
}

// Read reads the record of the folder dir; a folder without one gives
// nil and no error. It is read as a seed is (seed.Load): a regular file
// only, never through a link nor waiting on a FIFO.
func Read(dir string) (*Record, error) {
	path := filepath.Join(dir, Name)
	if _, err := os.Lstat(path); os.IsNotExist(err) {
		return nil, nil
	}
	b, errs := seed.Load(path)
	if errs != nil {
		return nil, fmt.Errorf("%s: %s", Name, errs[0].Msg)
	}
	if len(b) > maxRecord {
		return nil, fmt.Errorf("%s: over %d bytes: it is not a record this program wrote", Name, maxRecord)
	}
	var r Record
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: %v", Name, err)
	}
	return &r, nil
}

// Write writes r into the folder dir, indented, ending in a newline, its
// addresses as they are (an & stays an &, for the scripts that read them).
func (r *Record) Write(dir string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, Name), b.Bytes(), 0o644)
}

// File returns the record of the file named name, if any.
func (r *Record) File(name string) (File, bool) {
	if r == nil {
		return File{}, false
	}
	for _, f := range r.Files {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// Sum returns the SHA-256 of b in hex, as the record writes it.
func Sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
