package e2e

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gzipSize(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// TestPageWeight: the HTML, CSS and JS of a typical page, without its own
// content, stay within 30 KB gzipped.
func TestPageWeight(t *testing.T) {
	handbookSite(t)
	page, err := os.ReadFile(filepath.Join(siteDir, "experiences", "success-templates", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	h := string(page)
	chrome := h[:strings.Index(h, "<article")] + h[strings.Index(h, "</article>"):]
	total := gzipSize(t, []byte(chrome))
	for _, pattern := range []string{"assets/style.*.css", "assets/app.*.js"} {
		files, _ := filepath.Glob(filepath.Join(siteDir, pattern))
		if len(files) != 1 {
			t.Fatalf("%s: %v", pattern, files)
		}
		b, _ := os.ReadFile(files[0])
		total += gzipSize(t, b)
	}
	t.Logf("page weight without content: %d bytes gzipped", total)
	if total > 30*1024 {
		t.Errorf("page weight %d bytes gzipped, budget 30 KB", total)
	}
}
