# Regenerates slugs.tsv: the heading ids Python-Markdown's toc gives for
# each heading with each slugify function. Run with Debian's python3-markdown
# and python3-pymdownx: python3 gen_slugs.py > slugs.tsv
import markdown
from markdown.extensions import toc
from pymdownx import slugs

headings = [
    "Hello World", "  Leading and trailing  ", "Café au lait", "Ünïcödé Straße", "ÉCOLE Éléphant",
    "日本語の見出し", "Привет мир", "emoji 🚨 rocket 🚀", "C++ & C# (2024)", "a  double  space",
    "under_score-dash--twice", "İstanbul", "ß and ẞ", "x² ½ Ⅻ", "Ǆemal", "12345",
    "Mixed CASE Ascii", "ﬁne ligature", "Ελληνικά Κεφαλαία", "😀", "a/b.c:d", "dash - spaced - out",
]
funcs = {
    "default": toc.slugify,
    "unicode": toc.slugify_unicode,
    "slugify": slugs.slugify(),
    "slugify-lower": slugs.slugify(case="lower"),
    "slugify-lower-ascii": slugs.slugify(case="lower-ascii"),
    "slugify-fold": slugs.slugify(case="fold"),
    "slugify-lower-percent": slugs.slugify(case="lower", percent_encode=True),
    "slugify-nfd-lower": slugs.slugify(case="lower", normalize="NFD"),
    "slugify-nfkd": slugs.slugify(normalize="NFKD"),
}
for name, fn in funcs.items():
    for h in headings:
        html = markdown.markdown("# " + h, extensions=[toc.TocExtension(slugify=fn)])
        hid = html.split('id="', 1)[1].split('"', 1)[0]
        print("%s\t%s\t%s" % (name, h.encode("unicode_escape").decode("ascii"), hid))
