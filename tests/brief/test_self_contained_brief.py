"""The brief and the target package: self-contained files with the real figures."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from maxpressure.brief.build import defang, write_brief, write_target


class Inventory(HTMLParser):
    """Every tag, every attribute that can load something, and the text."""

    LOADING = {"src", "href", "xlink:href", "srcset", "action", "data", "poster", "background"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.loads: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.loads.extend(value for name, value in attrs if name in self.LOADING and value)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Inventory:
    inventory = Inventory()
    inventory.feed(html)
    return inventory


@pytest.fixture(scope="module")
def brief_html(un_settings, tmp_path_factory) -> str:
    path = write_brief(un_settings, tmp_path_factory.mktemp("brief") / "brief.html")
    return path.read_text(encoding="utf-8")


def test_brief_opens_with_no_network(brief_html):
    inventory = parse(brief_html)
    assert inventory.loads == []  # nothing to fetch: no src, no href
    assert not {"script", "link", "iframe", "img", "object", "embed"} & set(inventory.tags)
    assert not re.search(r"https?://", brief_html, re.IGNORECASE)
    assert "@import" not in brief_html and "url(" not in brief_html
    assert inventory.tags.count("svg") >= 1


def test_brief_holds_the_gap_figures(brief_html):
    text = " ".join(parse(brief_html).text)
    # Every UN DPRK entry of 2024-09-26 is one reconciled entity when only the UN list is loaded.
    assert "155 reconciled entities of the regime" in text
    assert "KOREA MINING DEVELOPMENT TRADING CORPORATION" in text or "ACADEMY OF NATIONAL DEFENSE SCIENCE" in text


def test_brief_chart_shows_un_designations_per_month(brief_html):
    bars = dict(re.findall(r"<title>(\d{4}-\d{2}) un: (\d+)</title>", brief_html))
    # The months and counts issue 4 lists for the UN DPRK additions after 2017-07-03.
    assert {m: bars[m] for m in ("2017-08", "2017-09", "2017-12", "2018-03")} == {
        "2017-08": "13", "2017-09": "4", "2017-12": "17", "2018-03": "22"}


def test_brief_lists_the_newest_changes(brief_html):
    assert "56 added" in brief_html


def test_target_package_gathers_one_entity(un_settings, tmp_path):
    html = write_target(un_settings, "KPe.001", tmp_path / "t.html").read_text(encoding="utf-8")
    text = " ".join(parse(html).text)
    assert "KOREA MINING DEVELOPMENT TRADING CORPORATION" in text
    assert "KOMID" in text and "Central District, Pyongyang" in text
    assert "2009-04-24" in text
    assert parse(html).loads == [] and not re.search(r"https?://", html)


def test_hostile_markup_is_escaped_in_the_brief_and_package(hostile_settings, tmp_path):
    package = write_target(hostile_settings, "hostile-1", tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<script>alert" not in package and "&lt;script&gt;alert(&#39;name&#39;)" in package
    brief = write_brief(hostile_settings, tmp_path / "b.html").read_text(encoding="utf-8")
    assert "<script" not in brief and "<img" not in brief


def test_web_addresses_in_list_text_are_defanged():
    assert defang("see https://example.org and HTTP://x") == "see hxxps://example.org and hxxp://x"
