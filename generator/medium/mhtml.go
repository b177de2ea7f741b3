package medium

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
)

// A page saved as one file (.mhtml, .mht: Chrome's "Webpage, single
// file", Edge's and Word's too): a MIME message, multipart/related, whose
// first text/html part is the page and the other parts its images and
// styles. The page part is decoded from its transfer encoding
// (quoted-printable or base64) and handed to the page reader with the
// charset its part's Content-Type gives, which wins over the page's own
// <meta>, as an HTTP header does. Positions are then the page part's, as
// the browser saved it. Time and memory are linear in the file: the parts
// are read once, in order, and only the page's bytes are kept.

var errNoPage = errors.New("no text/html part in the saved page: save the notice as Webpage, HTML only")

// mhtmlPage returns the HTML of the page an .mhtml file holds, and the
// charset its part declares ("" for none).
func mhtmlPage(data []byte) (page []byte, charset string, err error) {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(data)))
	head, err := r.ReadMIMEHeader()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, "", fmt.Errorf("not a saved page (.mhtml) as Chrome writes one: %v; save the notice as Webpage, HTML only", err)
	}
	media, params, err := mime.ParseMediaType(head.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(media, "multipart/") || params["boundary"] == "" {
		if media == "text/html" {
			return partBody(head, r.R)
		}
		return nil, "", errNoPage
	}
	mr := multipart.NewReader(r.R, params["boundary"])
	for {
		p, err := mr.NextRawPart() // its transfer encoding is undone by partBody
		if errors.Is(err, io.EOF) {
			return nil, "", errNoPage
		}
		if err != nil {
			return nil, "", fmt.Errorf("a broken part in the saved page (.mhtml): %v; save the notice as Webpage, HTML only", err)
		}
		if t, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); t == "text/html" {
			return partBody(p.Header, p)
		}
	}
}

// partBody reads a part's body, undoing its transfer encoding, and the
// charset of its Content-Type.
func partBody(h textproto.MIMEHeader, body io.Reader) ([]byte, string, error) {
	_, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // which skips line ends
	}
	page, err := io.ReadAll(body)
	if err != nil {
		return nil, "", fmt.Errorf("the page part of the saved page (.mhtml) cannot be decoded: %v; save the notice as Webpage, HTML only", err)
	}
	return page, params["charset"], nil
}
