"""The inline SVG drawings: text escaped, quiet months kept, paths in order."""

from __future__ import annotations

from xml.etree import ElementTree

from maxpressure.views import svg


def test_monthly_bars_keep_quiet_months_and_escape_names():
    drawing = svg.monthly_stacked_bars({"un": {"2017-08": 13, "2017-12": 17}, "<b>x</b>": {"2017-09": 4}},
                                       "UN <designations>")
    root = ElementTree.fromstring(drawing)  # well-formed XML, so nothing leaked out of a text node
    titles = [t.text for t in root.iter("title")]
    assert "2017-08 un: 13" in titles and "2017-12 un: 17" in titles and "2017-09 <b>x</b>: 4" in titles
    assert titles[0] == "UN <designations>"
    assert "<b>" not in drawing and "&lt;b&gt;" in drawing
    labels = [t.text for t in root.iter("text")]
    assert {"2017-10", "2017-11"} <= set(labels)  # months with no designation still on the axis


def test_evidence_path_draws_every_node_and_edge_in_order():
    nodes = [{"caption": "CHON MYONG 1", "kind": "candidate"}, {"caption": "CHONMYONG SHIPPING CO", "kind": "designated"}]
    drawing = svg.evidence_path(nodes, [{"label": "is linked to", "forward": True}])
    root = ElementTree.fromstring(drawing)
    texts = [t.text for t in root.iter("text")]
    assert texts.index("CHON MYONG 1") < texts.index("CHONMYONG SHIPPING CO")
    assert "is linked to" in texts and len(list(root.iter("polygon"))) == 1


def test_neighbourhood_escapes_captions():
    drawing = svg.neighbourhood({"caption": "<script>x</script>"},
                                [{"caption": "A & B", "label": "owns", "kind": "designated"}])
    ElementTree.fromstring(drawing)
    assert "<script>" not in drawing and "A &amp; B" in drawing
