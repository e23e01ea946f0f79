"""Streamlit building blocks the pages lay out: figure cards, highlights, captions, the
source with its quoted sentences marked, the footer stamp, the snapshot history. Text
from data always goes through md_text (shown literally), never HTML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from zwzx_dash.present import briefing, changes
from zwzx_dash.present.briefing import beijing_time
from zwzx_dash.query import document
from zwzx_dash.store import snapshots
from zwzx_dash.web.data import PageContext
from zwzx_dash.web.text import md_text

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def _change(row: Any) -> dict[str, Any]:
    """st.metric delta arguments for the change against the year before (present/changes.py)."""
    if pd.isna(getattr(row, "prev_text", None)):
        return {}
    found = changes.change(
        row.value,
        row.qualifier,
        row.unit,
        int(row.prev_year),
        row.prev_value,
        row.prev_qualifier,
        row.prev_text,
    )
    moving = found.direction != 0
    # Streamlit reads the arrow's direction from the delta's first character, so the sign
    # stays as it is; the rest holds a unit from data and is shown as text.
    sign = found.text[0] if moving else ""
    return {
        "delta": sign + md_text(found.text[len(sign) :]),
        "delta_description": md_text(found.description),
        "delta_color": "normal" if moving else "off",
        "delta_arrow": "auto" if moving else "off",
    }


def grid(items: list[Any], columns: int = 3) -> Iterator[tuple[Any, Any]]:
    """(column, item) pairs laid out row by row, one st.columns per row, so that on a
    phone, where columns stack, items keep their reading order."""
    for start in range(0, len(items), columns):
        yield from zip(st.columns(columns), items[start : start + columns], strict=False)


def figure_cards(
    ctx: PageContext, frame: pd.DataFrame, columns: int = 3, show_pillar: bool = False
) -> None:
    """Figures as cards, written exactly as in the source; the help icon shows the
    sentence and the document."""
    for col, row in grid(list(frame.itertuples()), columns):
        title = row.source_title if isinstance(row.source_title, str) else ctx.source_title
        with col.container(border=True) if show_pillar else col:
            st.metric(
                label=md_text(row.name),
                value=md_text(row.text),
                help=None
                if ctx.briefing
                else f"原文：{md_text(row.quote)}\n\n出处：《{md_text(title)}》"
                + (f"\n\n{briefing.UNCHECKED}" if getattr(row, "unchecked", False) is True else ""),
                border=not show_pillar,
                **_change(row),
            )
            if show_pillar and isinstance(row.pillar_name, str):
                st.caption(f"出自{md_text(row.pillar_name)}")


def lower_bound_note(frame: pd.DataFrame) -> None:
    note = briefing.lower_bound_note(frame)
    if note:
        st.caption(note)


def highlights(frame: pd.DataFrame, show_pillar: bool = False) -> None:
    for row in frame.itertuples():
        origin = ""
        if show_pillar:
            origin = f":gray[出自{md_text(row.pillar_name)} · {md_text(row.pillar_heading)}]\n\n"
        st.container(border=True).markdown(
            f"##### {md_text(row.title)}\n\n{origin}{md_text(row.body)}"
        )


def _photo(root: Path, name: object) -> Path | None:
    """A caption's photo, only as a plain file name inside <data>/photos/."""
    if not isinstance(name, str) or not name or Path(name).name != name:
        return None
    path = root / "photos" / name
    return path if path.suffix.lower() in PHOTO_SUFFIXES and path.is_file() else None


def caption_cards(ctx: PageContext, frame: pd.DataFrame, show_pillar: bool = False) -> None:
    """Photos with their captions in a grid; the captions whose photo the source did not
    include, as one list in one card (a card each would repeat 原文未附图片 on every one)."""
    if frame.empty:
        st.caption("本部分没有图片说明。")
        return
    root = ctx.view.catalog.root
    photos = [(row, _photo(root, row.photo)) for row in frame.itertuples()]

    def origin(row: Any) -> str | None:
        pillar = getattr(row, "pillar_name", None)
        return pillar if show_pillar and isinstance(pillar, str) else None

    for col, (row, photo) in grid([(r, p) for r, p in photos if p is not None]):
        with col.container(border=True):
            where = origin(row)
            text = f"{row.caption} · {where}" if where else str(row.caption)
            st.image(str(photo), caption=md_text(text))  # Streamlit renders captions as Markdown
    unillustrated = [row for row, photo in photos if photo is None]
    if unillustrated:
        items = []
        for row in unillustrated:
            where = origin(row)
            label = f":gray[{md_text(where)}] · " if where else ""
            items.append(f"- {label}{md_text(row.caption)}")
        st.container(border=True).markdown(":gray[图片说明（原文未附图片）]\n\n" + "\n".join(items))


def marked_paragraphs(text: str, quotes: list[str]) -> list[str]:
    """Markdown for each paragraph, quoted sentences on a highlighted background."""
    out = []
    for paragraph in document.paragraphs(text):
        pieces = document.split_marked(paragraph, quotes)
        out.append(
            "".join(f":orange-background[{md_text(p)}]" if q else md_text(p) for p, q in pieces)
        )
    return out


def stamp(ctx: PageContext) -> None:
    m = ctx.view.manifest
    st.divider()
    st.caption(
        f"数据来源：《{md_text(ctx.source_title)}》 · 数据截至：{ctx.year}年 · "
        f"快照 {m.id} · 更新时间 {beijing_time(m.created_at)}"
    )
    if ctx.watermark:
        st.caption(md_text(ctx.watermark))


def snapshot_history(ctx: PageContext) -> pd.DataFrame:
    root = ctx.view.catalog.root
    current = snapshots.current_id(root)
    rows = [
        {
            "当前": "✔" if m.id == current else "",
            "快照": m.id,
            "发布时间": beijing_time(m.created_at),
            "备注": m.note,
            "发布人": m.publisher,
            "输入": m.input_name,
            "行数": m.total_rows,
        }
        for m in reversed(snapshots.list_snapshots(root))
    ]
    return pd.DataFrame(rows)
