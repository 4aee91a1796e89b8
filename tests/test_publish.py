"""Publishing: base URL, sitemap, feed, .nojekyll, CNAME, and a 404 page that works at any depth."""

import re
import xml.etree.ElementTree as ET

from dossier.build.pipeline import build


def test_base_url_gives_canonical_links_sitemap_and_feed(project, tmp_path):
    out = tmp_path / "o"
    build(project, out, base_url="https://user.github.io/repo/")
    index = (out / "index.html").read_text()
    assert '<link rel="canonical" href="https://user.github.io/repo/">' in index
    assert '<link rel="canonical" href="https://user.github.io/repo/actors/russia.html">' in (out / "actors" / "russia.html").read_text()
    locs = [e.text for e in ET.parse(out / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://user.github.io/repo/sources/alpha.html" in locs and all(l.startswith("https://user.github.io/repo/") for l in locs)
    feed = ET.parse(out / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.find("{http://www.w3.org/2005/Atom}link").get("href") for e in entries] == [
        "https://user.github.io/repo/sources/beta.html",
        "https://user.github.io/repo/sources/alpha.html",
    ]
    assert (out / ".nojekyll").exists()


def test_404_uses_absolute_urls_with_a_base_url(project, tmp_path):
    build(project, tmp_path / "o", base_url="https://user.github.io/repo")
    page = (tmp_path / "o" / "404.html").read_text()
    links = re.findall(r'(?:href|src|action)="([^"]+)"', page)
    assert links and all(l.startswith(("https://user.github.io/repo/", "#", "data:")) for l in links), links
    assert "canonical" not in page


def test_404_without_base_url_carries_its_own_style(project, tmp_path):
    build(project, tmp_path / "o")
    page = (tmp_path / "o" / "404.html").read_text()
    assert "<style>" in page and "assets/style.css" not in page


def test_no_base_url_means_no_sitemap_or_feed_and_cname_from_site_yaml(project, tmp_path):
    site = project / "site.yaml"
    site.write_text(site.read_text().replace("cname: null", "cname: dossier.example.org"))
    build(project, tmp_path / "o")
    assert not (tmp_path / "o" / "sitemap.xml").exists() and not (tmp_path / "o" / "feed.xml").exists()
    assert (tmp_path / "o" / "CNAME").read_text() == "dossier.example.org\n"


def test_feed_and_search_keep_words_apart_at_yaml_line_breaks(project, tmp_path):
    """A summary wrapped in the YAML ("15\\nOctober") reads "15 October" in the feed and the search text, not "15October"."""
    source = next((project / "content" / "sources").glob("*.yaml"))
    text = source.read_text()
    source.write_text(text.replace("summary: |\n  ", "summary: |\n  Wrapped glue\n  test words. ", 1))
    assert source.read_text() != text, "the fixture's summary is no longer a literal block"
    build(project, tmp_path / "o", base_url="https://user.github.io/repo/")
    feed = (tmp_path / "o" / "feed.xml").read_text()
    index = "".join(p.read_text() for p in sorted((tmp_path / "o" / "assets" / "search").glob("d*.js")))
    assert "Wrapped glue test words." in feed and "gluetest" not in feed
    assert "Wrapped glue test words." in index and "gluetest" not in index
