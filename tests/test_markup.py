"""Block HTML: links nest inside quote highlights, text is escaped, URLs and footnotes link."""

from dossier import urls
from dossier.render import markdown
from dossier.render.markup import block_html
from dossier.text.ingest import Block
from dossier.text.mentions import Mention


def test_quote_highlight_widens_to_whole_mentions_and_escapes():
    b = Block("p1", 1, "paragraph", "Putin met <b> in Moscow.[i] See https://a.b/c, ok.", "")
    b.mentions = [Mention("putin", "s", "p1", 0, 5, "Putin", "name"), Mention("russia", "s", "p1", 17, 23, "Moscow", "name")]
    b.claims = [{"quote": "met <b> in Mosc", "number": 2}]
    html = block_html(b, "sources/s.html", {"i"}, {"putin": "Vladimir Putin", "russia": "Russia"}, set())
    assert (
        '<mark class="quote" title="Quoted in claim 2">met &lt;b&gt; in <a class="mention" id="p1-m17" href="../actors/russia.html" title="Russia">Moscow</a></mark>'
        in html
    )
    assert '<a id="fnref-i" href="#fn-i"' in html
    assert '<a class="url" href="https://a.b/c">https://a.b/c</a>, ok.' in html


def test_relative_urls_name_their_file():
    assert urls.relative("index.html", "actors/russia.html") == "actors/russia.html"
    assert urls.relative("sources/a.html", "actors/russia.html", "p3") == "../actors/russia.html#p3"
    assert urls.relative("sources/a.html", "sources/a.html", "p3") == "a.html#p3"
    assert urls.absolute("https://u.github.io/repo/", "sources/index.html") == "https://u.github.io/repo/sources/"


def test_markdown_cross_references_and_raw_html_escaped():
    tokens = markdown.parse("[R](actor:russia) [p](source:a#p3) <script>x</script> [j](javascript:alert(1))")
    html = markdown.render(tokens, "themes/t.html")
    assert 'href="../actors/russia.html"' in html and 'href="../sources/a.html#p3"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert [t for t, _ in markdown.link_targets(tokens)] == ["actor:russia", "source:a#p3"]


def test_one_link_per_actor_per_paragraph_none_in_headings_an_anchor_for_each():
    text = "Russia and Russia again, then Moscow."
    found = [Mention("russia", "s", "p1", 0, 6, "Russia", "name"), Mention("russia", "s", "p1", 11, 17, "Russia", "name")]
    found.append(Mention("russia", "s", "p1", 30, 36, "Moscow", "name"))
    b = Block("p1", 1, "paragraph", text, "")
    b.mentions = found
    html = block_html(b, "sources/s.html", set(), {"russia": "Russia"}, set())
    assert html.count("<a ") == 1 and '<a class="mention" id="p1-m0" href=' in html
    assert '<span class="mention" id="p1-m11">Russia</span>' in html and '<span class="mention" id="p1-m30">Moscow</span>' in html
    heading = Block("p1", 1, "heading", text, "")
    heading.mentions = found
    html = block_html(heading, "sources/s.html", set(), {"russia": "Russia"}, set())
    assert "<a " not in html and html.count('class="mention"') == 3
