"""The card grids: what each figure card and each pillar card says, as plain data for
`assets/figure_cards.js` and `assets/pillar_cards.js`, which put every string into the
page as text (`textContent`), never as HTML or Markdown.

One element per grid instead of Streamlit elements per card: the browser pays several
milliseconds for each Streamlit element on every page load, ~100 ms for a page of
figure cards (bench/RESULTS.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

ASSETS = Path(__file__).resolve().parent / "assets"
FIGURE_JS = ASSETS / "figure_cards.js"
PILLAR_JS = ASSETS / "pillar_cards.js"
CSS = ASSETS / "cards.css"
PILLAR_FIGURES_SHOWN = 3


def change(row: Any) -> dict[str, str] | None:
    """The change against the previous year: computed only when both figures are exact;
    otherwise the earlier figure as written, with the reason no change is computed."""
    if pd.isna(getattr(row, "prev_text", None)):
        return None
    prev = f"{int(row.prev_year)}年 {row.prev_text}"
    if row.qualifier == "exact" and row.prev_qualifier == "exact":
        diff = row.value - row.prev_value
        direction = "up" if diff > 0 else "down" if diff < 0 else "same"
        return {"direction": direction, "text": f"{diff:+g}{row.unit}", "note": f"较{prev}"}
    return {"direction": "inexact", "text": prev, "note": "含约数或下限，不计算增减"}


def card_grid(
    frame: pd.DataFrame, source_title: str, show_pillar: bool = False, quotes: bool = True
) -> dict[str, Any]:
    """The grid's data: one card per figure, in the frame's order. `quotes` off (the
    briefing view) leaves out each card's sentence; `show_pillar` names the section a
    figure came from (为民政协, whose figures are gathered from the other sections)."""
    cards = []
    for row in frame.itertuples():
        title = row.source_title if isinstance(getattr(row, "source_title", None), str) else None
        card: dict[str, Any] = {"name": str(row.name), "text": str(row.text)}
        if quotes:
            card["quote"] = str(row.quote)
            card["source"] = title or source_title
        if show_pillar and isinstance(getattr(row, "pillar_name", None), str):
            card["pillar"] = f"出自{row.pillar_name}"
        moved = change(row)
        if moved:
            card["change"] = moved
        cards.append(card)
    return {"cards": cards, "quote_label": "原文出处"}


def pillar_grid(
    pillars: pd.DataFrame, figures: dict[str, pd.DataFrame], links: bool = True
) -> dict[str, Any]:
    """The overview's pillar cards: name, slogan and section heading (or that the source
    lacks the section), the first figures, and a link to the pillar's page (`links` off
    in the briefing view). `figures` holds each pillar's figures by pillar id."""
    out = []
    for pillar in pillars.itertuples():
        shown = figures.get(pillar.pillar_id, pd.DataFrame()).head(PILLAR_FIGURES_SHOWN)
        missing = pillar.source_status == "missing"
        card: dict[str, Any] = {
            "name": str(pillar.name),
            "line": "原文缺少此部分" if missing else f"{pillar.slogan} · {pillar.heading}",
            "figures": []
            if missing
            else [{"name": str(f.name), "text": str(f.text)} for f in shown.itertuples()],
        }
        if links:
            card["link"] = {"path": str(pillar.pillar_id), "label": f"查看{pillar.name} →"}
        out.append(card)
    return {"pillars": out}
