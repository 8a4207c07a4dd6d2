package site

import (
	"os"
	"reflect"
)

// Reread reads page p's file again, parsed, when only its body can have
// changed: it is still a regular file, parses without problems, and has
// the same front matter and place (index or not). Its URL and paths are
// p's.
func (s *Site) Reread(p *Page) (*Page, bool) {
	info, err := os.Lstat(p.Abs)
	if err != nil || !info.Mode().IsRegular() {
		return nil, false
	}
	src, err := os.ReadFile(p.Abs)
	if err != nil {
		return nil, false
	}
	parsed, diags := s.ParsePage(p.Src, src)
	if len(diags) > 0 || !reflect.DeepEqual(parsed.FM, p.FM) || parsed.IsIndex != p.IsIndex {
		return nil, false
	}
	parsed.URL, parsed.OutPath, parsed.Abs = p.URL, p.OutPath, p.Abs
	return parsed, true
}
