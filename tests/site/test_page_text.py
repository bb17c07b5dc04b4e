"""Every page of the demo website read as a shopper's browser shows it: the visible text holds no
markup or entities, every JSON-LD block parses, and no heading stands over an empty section.

The text is built the way a browser builds innerText for the page as it opens (in Vietnamese):
scripts, styles, the <head> and elements marked `hidden` show nothing, nor do the English spans
the stylesheet hides (`.vi-page .en { display: none }`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import CooperativeProfile, save_profile
from ocopdesk.services.site import build_site

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNSEEN = {"script", "style", "head", "template", "noscript", "title"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


@dataclass
class Heading:
    text: str
    level: int
    parent: int  # id of the element the heading sits in
    followed: bool = False  # something visible comes after it, inside that element, before the next heading


@dataclass
class PageText(HTMLParser):
    """Visible text, JSON-LD blocks and headings of one page."""

    texts: list[str] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int, bool]] = []  # tag, id, shown
        self.ids = 0
        self.in_jsonld = False
        self.heading: Heading | None = None
        self.open_headings: list[Heading] = []

    @property
    def shown(self) -> bool:
        return not self.stack or self.stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        self.in_jsonld = tag == "script" and a.get("type") == "application/ld+json"
        shown = self.shown and tag not in UNSEEN and "hidden" not in a and "en" not in classes
        if tag == "img" and shown:
            self.seen("[image]")
        if tag in VOID:
            return
        self.ids += 1
        if tag in HEADINGS and shown:
            self.heading = Heading("", int(tag[1]), self.stack[-1][1] if self.stack else 0)
            self.headings.append(self.heading)
        self.stack.append((tag, self.ids, shown))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            open_tag, element, _shown = self.stack.pop()
            self.open_headings = [h for h in self.open_headings if h.parent != element]  # its section ended
            if open_tag in HEADINGS and self.heading is not None:
                done, self.heading = self.heading, None
                self.open_headings = [h for h in self.open_headings if h.level < done.level] + [done]
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.jsonld.append(data)
            self.in_jsonld = False
            return
        if self.shown and data.strip():
            if self.heading is not None:
                self.heading.text += data
                self.texts.append(data)
            else:
                self.seen(data)

    def seen(self, text: str) -> None:
        self.texts.append(text)
        for heading in self.open_headings:
            heading.followed = True


def read(page: Path) -> PageText:
    parsed = PageText()
    parsed.feed(page.read_text(encoding="utf-8"))
    parsed.close()
    return parsed


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo catalogue as a new user has it: a traceability address and nothing else in the profile."""
    folder = tmp_path_factory.mktemp("demo-site")
    service = CatalogService.open(folder / "c.sqlite")
    load_demo(service)
    save_profile(service, CooperativeProfile(resolver_base_url="https://truyxuat.example.vn"))
    build_site(service, folder / "site")
    service.close()
    return folder / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_shows_markup_or_entities_as_text(demo_site: Path) -> None:
    found = pages(demo_site)
    assert len(found) > 100
    broken = {}
    for page in found:
        text = " ".join(" ".join(read(page).texts).split())
        if MARKUP.search(text):
            broken[str(page.relative_to(demo_site))] = MARKUP.search(text).group(0)  # type: ignore[union-attr]
    assert not broken, f"{len(broken)} pages show markup as text, e.g. {list(broken.items())[:3]}"


def test_the_made_in_row_reads_as_words(demo_site: Path) -> None:
    product = next(p for p in pages(demo_site) if "/sp/" in str(p) and "Sản xuất tại" in p.read_text(encoding="utf-8"))
    text = " ".join(" ".join(read(product).texts).split())
    assert re.search(r"Sản xuất tại [^<]*, Việt Nam", text), text


def test_every_json_ld_block_parses(demo_site: Path) -> None:
    blocks = 0
    for page in pages(demo_site):
        for block in read(page).jsonld:
            data = json.loads(block)
            assert data.get("@context"), page
            blocks += 1
    assert blocks > 50


def test_no_heading_stands_over_an_empty_section(demo_site: Path) -> None:
    empty = [
        (str(page.relative_to(demo_site)), heading.text.strip())
        for page in pages(demo_site)
        for heading in read(page).headings
        if not heading.followed and heading.level > 1
    ]
    assert not empty, f"headings over nothing: {empty[:5]}"


def test_the_checker_sees_an_empty_contact_section_and_escaped_markup() -> None:
    """The reader itself: what the demo showed before the fix is caught."""
    page = PageText()
    page.feed(
        "<main><h1>HTX</h1><section><h2>Liên hệ</h2>\n<dl class='facts'></dl>\n</section>"
        "<section><h2>Nhà sản xuất</h2><dl><dt>Sản xuất tại</dt><dd>Thanh Hóa, &lt;span class=&quot;vi&quot;&gt;"
        "Việt Nam&lt;/span&gt;</dd></dl></section><div hidden><h2>Kiểm tra tem</h2><p></p></div></main>"
    )
    page.close()
    assert [(h.text, h.followed) for h in page.headings] == [("HTX", True), ("Liên hệ", False), ("Nhà sản xuất", True)]
    assert MARKUP.search(" ".join(page.texts))
