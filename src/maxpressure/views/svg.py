"""Charts and drawings as inline SVG strings: no script, no external file, no request.

The brief embeds them in a self-contained HTML file and the web pages embed the same drawings, so
a chart looks the same in the browser and in the file an analyst mails. Every piece of text is
escaped here, because names come from the lists and lists contain markup. Colours are
presentation attributes (not `style`), which the workbench's Content-Security-Policy allows.
"""

from __future__ import annotations

import math
from html import escape
from typing import Callable, Sequence

# One colour per authority, and a fallback for user datasets.
AUTHORITY_COLOURS = {"un": "#1f77b4", "us": "#d62728", "eu": "#2ca02c", "gb": "#9467bd"}
OTHER_COLOUR = "#7f7f7f"
DESIGNATED_COLOUR = "#d62728"
CANDIDATE_COLOUR = "#ff7f0e"
IDENTIFIER_COLOUR = "#8c8c8c"
PARTY_COLOUR = "#1f77b4"
FONT = 'font-family="system-ui, sans-serif"'


def colour_of(authority: str) -> str:
    return AUTHORITY_COLOURS.get(authority, OTHER_COLOUR)


def _text(x: float, y: float, text: str, size: int = 11, anchor: str = "start", fill: str = "#222",
          extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'{FONT}{extra}>{escape(str(text))}</text>')


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
            + "".join(body) + "</svg>")


def monthly_stacked_bars(series: dict[str, dict[str, int]], title: str, width: int = 860,
                         height: int = 260) -> str:
    """Stacked bars per month (`YYYY-MM`), one colour per authority, with a legend.

    Months with no designation are drawn as gaps in the axis, so quiet periods show as quiet.
    """
    months = sorted({m for counts in series.values() for m in counts})
    if not months:
        return _svg(width, 40, [_text(8, 24, f"{title}: no dated designations")], title)
    months = _month_range(months[0], months[-1])
    totals = [sum(series[a].get(m, 0) for a in series) for m in months]
    top = max(totals) or 1
    left, right, upper, lower = 40, 10, 28, 36
    plot_w, plot_h = width - left - right, height - upper - lower
    step = plot_w / len(months)
    bar_w = max(step * 0.8, 0.8)
    body = [_text(left, 16, title, 13, extra=' font-weight="bold"')]
    for tick in _ticks(top):
        y = upper + plot_h - plot_h * tick / top
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(_text(left - 4, y + 4, str(tick), 10, "end"))
    for i, month in enumerate(months):
        base = upper + plot_h
        for authority in sorted(series):
            count = series[authority].get(month, 0)
            if not count:
                continue
            h = plot_h * count / top
            base -= h
            body.append(
                f'<rect x="{left + i * step:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colour_of(authority)}"><title>{escape(month)} {escape(authority)}: {count}</title></rect>')
    for i, month in enumerate(months):
        if month.endswith("-01") or len(months) <= 24:
            label = month[:4] if len(months) > 24 else month
            body.append(_text(left + i * step, upper + plot_h + 14, label, 10))
    x = left
    for authority in sorted(series):
        body.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour_of(authority)}"/>')
        body.append(_text(x + 14, height - 5, f"{authority} ({sum(series[authority].values())})", 10))
        x += 110
    return _svg(width, height, body, title)


def _not_known(until: str, months: Sequence[str], left: float, end_x: float, step: float, top_y: float,
               row_h: int) -> list[str]:
    after = [i for i, m in enumerate(months) if m > until[:7]]
    if not after:
        return []
    x = left + after[0] * step
    return [f'<rect class="not-known" x="{x:.1f}" y="{top_y:.1f}" width="{end_x - x:.1f}" height="{row_h - 6}" '
            f'fill="#eee"><title>after {escape(until)}, the newest list held: not known</title></rect>',
            # Under the row's name, where it is never clipped: the shaded span may be a month wide.
            _text(left - 6, top_y + row_h / 2 + 12, f"as of {until}", 8, "end", "#666")]


def pressure_panels(series: dict[str, dict[str, int]], trade: dict[str, float], events: Sequence[dict],
                    title: str, known_until: dict[str, str] | None = None, width: int = 900, row_h: int = 70) -> str:
    """One row of monthly bars per authority (its own designations: nothing counted twice), a
    row of China-DPRK trade (US$ M, per month where known), and the regime's events as numbered
    dashed lines across every row (the numbers refer to the event table beside the chart). The
    months after an authority's newest list held (`known_until`) are shaded: no bar there means
    no list of that time, not no designation."""
    months = sorted({m for counts in series.values() for m in counts} | set(trade)
                    | {e["date"][:7] for e in events})
    if not months:
        return _svg(width, 40, [_text(8, 24, f"{title}: no dated designations")], title)
    months = _month_range(months[0], months[-1])
    left, right, upper = 86, 10, 30  # room for "as of YYYY-MM-DD" under a row name
    rows = sorted(series) + (["trade"] if trade else [])
    height = upper + len(rows) * row_h + 24
    step = (width - left - right) / len(months)
    index = {m: i for i, m in enumerate(months)}
    body = [_text(left, 16, title, 13, extra=' font-weight="bold"')]
    for r, name in enumerate(rows):
        top_y, values = upper + r * row_h, trade if name == "trade" else series[name]
        peak = max(values.values(), default=0) or 1
        colour = "#8c564b" if name == "trade" else colour_of(name)
        label = "trade $M" if name == "trade" else name
        body.append(_text(left - 6, top_y + row_h / 2, label, 11, "end"))
        body.append(_text(left - 6, top_y + 12, f"{peak / 1e6:,.0f}" if name == "trade" else str(peak), 9, "end"))
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{top_y + row_h - 6}" '
                    f'y2="{top_y + row_h - 6}" stroke="#ccc"/>')
        if name != "trade" and (until := (known_until or {}).get(name)):
            body.extend(_not_known(until, months, left, width - right, step, top_y, row_h))
        for month, value in values.items():
            if month not in index:
                continue
            h = (row_h - 12) * value / peak
            shown = f"${value / 1e6:,.0f} M" if name == "trade" else str(value)
            body.append(f'<rect x="{left + index[month] * step:.1f}" y="{top_y + row_h - 6 - h:.1f}" '
                        f'width="{max(step * 0.8, 0.8):.1f}" height="{h:.1f}" fill="{colour}">'
                        f'<title>{escape(month)} {escape(label)}: {escape(shown)}</title></rect>')
    for number, event in enumerate(events, start=1):
        if (i := index.get(event["date"][:7])) is None:
            continue
        x = left + i * step + step / 2
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{upper - 4}" y2="{upper + len(rows) * row_h}" '
                    f'stroke="#555" stroke-dasharray="2,3"><title>{escape(event["date"])} '
                    f'{escape(event["label"])}</title></line>')
        body.append(_text(x, upper - 6, str(number), 9, "middle"))
    for i, month in enumerate(months):
        if month.endswith("-01") and (int(month[:4]) % 2 == 0 or len(months) < 120):
            body.append(_text(left + i * step, height - 8, month[:4], 10))
    return _svg(width, height, body, title)


def horizontal_bars(rows: Sequence[tuple[str, float]], title: str, width: int = 560,
                    unit: str = "", colour: str = PARTY_COLOUR) -> str:
    """One labelled bar per row, longest first as given."""
    bar_h, gap, label_w, upper = 18, 6, 220, 26
    height = upper + len(rows) * (bar_h + gap) + 8
    top = max((v for _, v in rows), default=0) or 1
    body = [_text(4, 16, title, 13, extra=' font-weight="bold"')]
    for i, (label, value) in enumerate(rows):
        y = upper + i * (bar_h + gap)
        w = (width - label_w - 60) * value / top
        body.append(_text(label_w - 6, y + 13, label, 11, "end"))
        body.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        body.append(_text(label_w + w + 4, y + 13, f"{shown}{unit}", 11))
    return _svg(width, height, body, title)


def evidence_path(nodes: Sequence[dict], edges: Sequence[dict], width: int = 900) -> str:
    """A path drawn left to right: candidate first, designated party last, each edge labelled.

    `nodes`: {"caption", "kind": "candidate"|"designated"|"identifier"|"party"};
    `edges`: {"label", "forward": bool} between consecutive nodes.
    """
    count = max(len(nodes), 1)
    step = width / count
    box_w, box_h, y = min(step - 24, 200), 40, 34
    body = []
    for i, node in enumerate(nodes):
        x = i * step + (step - box_w) / 2
        fill = {"candidate": CANDIDATE_COLOUR, "designated": DESIGNATED_COLOUR,
                "identifier": IDENTIFIER_COLOUR}.get(node.get("kind", ""), PARTY_COLOUR)
        body.append(f'<rect x="{x:.1f}" y="{y}" rx="6" width="{box_w:.1f}" height="{box_h}" '
                    f'fill="{fill}" fill-opacity="0.15" stroke="{fill}"/>')
        caption = _shorten(node.get("caption", ""), int(box_w / 6.2))
        body.append(_text(x + box_w / 2, y + 17, caption, 11, "middle"))
        body.append(_text(x + box_w / 2, y + 32, node.get("note", node.get("kind", "")), 9, "middle", "#555"))
        if i < len(edges):
            edge = edges[i]
            x1, x2 = x + box_w, (i + 1) * step + (step - box_w) / 2
            arrow_at, back_at = (x2, x1) if edge.get("forward", True) else (x1, x2)
            body.append(f'<line x1="{x1:.1f}" y1="{y + box_h / 2}" x2="{x2:.1f}" y2="{y + box_h / 2}" '
                        f'stroke="#444" stroke-width="{1.5 if edge.get("claims_control") else 1}"/>')
            direction = 1 if arrow_at > back_at else -1
            body.append(f'<polygon points="{arrow_at:.1f},{y + box_h / 2} '
                        f'{arrow_at - 7 * direction:.1f},{y + box_h / 2 - 4} '
                        f'{arrow_at - 7 * direction:.1f},{y + box_h / 2 + 4}" fill="#444"/>')
            body.append(_text((x1 + x2) / 2, y - 6, _shorten(edge.get("label", ""), int(step / 6)), 10,
                              "middle", "#333"))
    return _svg(int(width), y + box_h + 10, body, "evidence path")


def neighbourhood(center: dict, neighbours: Sequence[dict], width: int = 820, height: int = 540,
                  href_of: Callable[[dict], str | None] | None = None) -> str:
    """The entity in the middle, its direct neighbours on an ellipse, one labelled spoke each.

    The drawing is wider than tall so the neighbours' names have room on both sides; a spoke's
    label sits near its outer end, where spokes are far apart. With `href_of`, a neighbour it
    gives an address for is a link (dot and name): the web opens its dossier; the brief, a file
    that must make no request, passes none.
    """
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 190, height / 2 - 50
    body = []
    shown = list(neighbours)[:24]
    for i, node in enumerate(shown):
        angle = 2 * math.pi * i / max(len(shown), 1) - math.pi / 2
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        fill = {"designated": DESIGNATED_COLOUR, "identifier": IDENTIFIER_COLOUR}.get(
            node.get("kind", ""), PARTY_COLOUR)
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbb"/>')
        lx, ly = cx + (x - cx) * 0.68, cy + (y - cy) * 0.68
        body.append(_text(lx, ly - 3, _shorten(node.get("label", ""), 22), 9, "middle", "#666"))
        href = href_of(node) if href_of else None
        if href:
            body.append(f'<a href="{escape(href)}" class="node">')
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{fill}">'
                    f'<title>{escape(str(node.get("caption", "")))}</title></circle>')
        anchor = "start" if math.cos(angle) > 0.01 else ("end" if math.cos(angle) < -0.01 else "middle")
        dx = {"start": 10, "end": -10, "middle": 0}[anchor]
        dy = 4 if anchor != "middle" else (-11 if math.sin(angle) < 0 else 19)
        body.append(_text(x + dx, y + dy, _shorten(node.get("caption", ""), 28), 10, anchor))
        if href:
            body.append("</a>")
    body.append(f'<circle cx="{cx}" cy="{cy}" r="11" fill="{CANDIDATE_COLOUR}"/>')
    body.append(_text(cx, cy + 26, _shorten(center.get("caption", ""), 40), 11, "middle",
                      extra=' font-weight="bold"'))
    if len(neighbours) > len(shown):
        body.append(_text(8, height - 8, f"{len(neighbours) - len(shown)} more links not drawn", 10))
    return _svg(width, height, body, "network neighbourhood")


def _shorten(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def _ticks(top: int) -> list[int]:
    step = max(1, 10 ** int(math.log10(top)) if top >= 10 else 1)
    while top / step > 5:
        step *= 2
    return list(range(0, top + 1, step))


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return months


# The drawings by the names the templates call them (web pages and brief alike); each surface marks
# their output safe for its template engine, since every text in them is escaped here.
TEMPLATE_DRAWINGS = {
    "svg_monthly": monthly_stacked_bars, "svg_bars": horizontal_bars, "svg_pressure": pressure_panels,
    "svg_path": evidence_path, "svg_neighbourhood": neighbourhood,
}
