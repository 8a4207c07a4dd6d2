package diag

import "handbook/internal/cache"

// Encode writes a list of diagnostics in the build's binary codec (the
// build stamp and the build state keep them).
func Encode(e *cache.Enc, l List) {
	e.Uint(uint64(len(l)))
	for _, d := range l {
		e.Str(d.Path)
		e.Int(int64(d.Line))
		e.Int(int64(d.Col))
		e.Int(int64(d.Severity))
		e.Str(d.Code)
		e.Str(d.Message)
		e.Int(int64(d.More))
	}
}

// Decode reads a list Encode wrote (nil when empty).
func Decode(d *cache.Dec) List {
	n := d.Len(6)
	if n == 0 {
		return nil
	}
	l := make(List, n)
	for i := range l {
		l[i] = Diagnostic{Path: d.Str(), Line: int(d.Int()), Col: int(d.Int()), Severity: Severity(d.Int()), Code: d.Str(), Message: d.Str(), More: int(d.Int())}
	}
	return l
}
