package medium

import (
	"github.com/bianmin-data/pilots/generator/diag"
)

// annexes appends the attachments to d as annexes.
func annexes(d *document, files []string, body string) diag.List {
	return nil
}
