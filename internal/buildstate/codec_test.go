package buildstate

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"handbook/internal/cache"
	"handbook/internal/markdown"
	"handbook/internal/site"
	"handbook/internal/site/frontmatter"
)

// notKept are the fields the state leaves out on purpose: the build works
// them out again (URLs), reads them back when needed (text), or maps them
// itself (a link's target page).
var notKept = map[string]bool{
	"site.Page.Abs": true, "site.Page.URL": true, "site.Page.OutPath": true,
	"site.Page.Body": true, "site.Page.Source": true,
	"site.LinkRef.Target": true,
	"site.LoadRecord.Raw": true, // (the record as read, saved again as it is)
}

// fill sets every field of v (a pointer) to a distinct non-zero value,
// but the fields listed in notKept.
func fill(v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), n)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if notKept[fmt.Sprintf("%s.%s", v.Type(), f.Name)] || !f.IsExported() {
				continue
			}
			fill(v.Field(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n)
		}
	case reflect.String:
		*n++
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		*n++
		v.SetInt(int64(*n))
	case reflect.Uint8:
		*n++
		v.SetUint(uint64(*n % 256))
	default:
		panic(fmt.Sprintf("fill: add a case for %s (and to the codec)", v.Type()))
	}
}

func filled[T any]() T {
	var v T
	n := 0
	fill(reflect.ValueOf(&v), &n)
	return v
}

// Every field of what the state keeps survives the round trip: a field
// added to one of these types and not to the codec fails here.
func TestEveryFieldRoundTrips(t *testing.T) {
	rec := filled[site.LoadRecord]()
	var e cache.Enc
	encodeSavedLoad(&e, &site.SavedLoad{Src: rec.Src, Rec: &rec})
	d := cache.NewDec(e.B)
	if got := decodeLoadRecord(d); !d.Done() || !reflect.DeepEqual(got, rec) {
		t.Errorf("load record:\n got %+v\nwant %+v", got, rec)
	}

	res := filled[markdown.Result]()
	for _, withHTML := range []bool{true, false} {
		for _, withText := range []bool{true, false} {
			e = cache.Enc{}
			encodeResult(&e, &res, withHTML, withText)
			d = cache.NewDec(e.B)
			got, hasHTML, hasText := decodeResult(d)
			want := res
			if !withHTML {
				want.HTML = nil
			}
			if !withText {
				want.Sections = slices.Clone(want.Sections)
				for i := range want.Sections {
					want.Sections[i].Text, want.Sections[i].Code = "", ""
				}
			}
			if !d.Done() || hasHTML != withHTML || hasText != withText || !reflect.DeepEqual(*got, want) {
				t.Errorf("result (HTML %v, text %v):\n got %+v\nwant %+v", withHTML, withText, *got, want)
			}
		}
	}

	sum := filled[Summary]()
	e = cache.Enc{}
	encodeSummary(&e, &sum)
	d = cache.NewDec(e.B)
	if got, ok := decodeSummary(d, 1<<20); !ok || !d.Done() || !reflect.DeepEqual(got, sum) {
		t.Errorf("summary:\n got %+v\nwant %+v", got, sum)
	}
	if _, ok := decodeSummary(cache.NewDec(e.B), sum.Targets[1]); ok {
		t.Error("a summary whose link leads outside the pages is read")
	}

	target := &site.Page{Src: "target.md"}
	refs := []site.LinkRef{filled[site.LinkRef](), filled[site.LinkRef]()}
	refs[0].Target = target
	e = cache.Enc{}
	encodeRefs(&e, refs)
	d = cache.NewDec(e.B)
	got := decodeRefs(d, func(src string) *site.Page {
		if src == target.Src {
			return target
		}
		return nil
	})
	if !d.Done() || !reflect.DeepEqual(got, refs) {
		t.Errorf("refs:\n got %+v\nwant %+v", got, refs)
	}
}

// FuzzDecode: damaged state never panics.
func FuzzDecode(f *testing.F) {
	rec := filled[site.LoadRecord]()
	res := filled[markdown.Result]()
	var e cache.Enc
	encodeSavedLoad(&e, &site.SavedLoad{Src: rec.Src, Rec: &rec})
	encodeResult(&e, &res, true, true)
	encodeRefs(&e, []site.LinkRef{filled[site.LinkRef]()})
	f.Add(e.B)
	f.Fuzz(func(t *testing.T, b []byte) {
		d := cache.NewDec(b)
		decodeLoadRecord(d)
		decodeResult(d)
		decodeRefs(d, func(string) *site.Page { return nil })
	})
}

// The places front matter keys were given are unexported: their round trip
// is checked on its own (diagnostics point at them).
func TestFrontMatterPositionsRoundTrip(t *testing.T) {
	var fm frontmatter.FrontMatter
	fm.SetPositions(map[string]frontmatter.Pos{"icon": {File: "docs/.meta.yml", Line: 3, Col: 7}, "template": {File: "docs/a.md", Line: 2, Col: 11}})
	var e cache.Enc
	encodeFrontMatter(&e, &fm)
	got := decodeFrontMatter(cache.NewDec(e.B))
	for _, k := range []string{"icon", "template"} {
		if got.Where(k) != fm.Where(k) {
			t.Errorf("%s: got %+v, want %+v", k, got.Where(k), fm.Where(k))
		}
	}
	if got.Where("title") != (frontmatter.Pos{}) {
		t.Error("a key never given has a place")
	}
}
