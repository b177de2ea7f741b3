package provenance

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadHostile reads a record that is a FIFO (which would hang a plain
// open) or a link out of the folder: each is refused at once, and a folder
// without a record gives none.
func TestReadHostile(t *testing.T) {
	dir := t.TempDir()
	if r, err := Read(dir); r != nil || err != nil {
		t.Errorf("no record: %v, %v", r, err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, Name), 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	done := make(chan error, 1)
	go func() { _, err := Read(dir); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("a FIFO: %v", err)
		}
	case <-time.After(2 * time.Minute): // a hang guard only
		t.Fatal("reading a FIFO record hangs")
	}
	link := t.TempDir()
	if err := os.Symlink("/etc/passwd", filepath.Join(link, Name)); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(link); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a link out of the folder: %v", err)
	}
}

// TestWriteRead writes a record and reads it back, its addresses as they
// are (an & stays an &).
func TestWriteRead(t *testing.T) {
	dir := t.TempDir()
	r := &Record{Notice: "http://a.example/x?a=1&b=2", Files: []File{{Name: "x.shtml", URL: "http://a.example/x?a=1&b=2", Size: 3, SHA256: Sum([]byte("abc"))}}}
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, Name))
	if !strings.Contains(string(b), `"notice": "http://a.example/x?a=1&b=2"`) {
		t.Errorf("written:\n%s", b)
	}
	got, err := Read(dir)
	if err != nil || got.Notice != r.Notice || got.Files[0].SHA256 != r.Files[0].SHA256 {
		t.Errorf("read back %+v, %v", got, err)
	}
}
