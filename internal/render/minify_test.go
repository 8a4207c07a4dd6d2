package render

import "testing"

func TestMinifyCSS(t *testing.T) {
	in := "/* header */\n.a {\n  color: red; /* why */\n  background: url(\"data:x/*y*/\");\n}\n\n"
	want := ".a {\ncolor: red;\nbackground: url(\"data:x/*y*/\");\n}\n"
	if got := string(minifyCSS([]byte(in))); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMinifyJS(t *testing.T) {
	in := "/* Title\n   more */\n(function () {\n  // a comment\n  var u = \"http://x\"; // kept: inside a line\n  /* one line */\n  return u\n})();\n"
	want := "(function () {\nvar u = \"http://x\"; // kept: inside a line\nreturn u\n})();\n"
	if got := string(minifyJS([]byte(in))); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
