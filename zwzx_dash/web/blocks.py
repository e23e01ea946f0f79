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
from zwzx_dash.store import location, snapshots
from zwzx_dash.store.objects import Location
from zwzx_dash.web import data, page_shell
from zwzx_dash.web.data import PageContext
from zwzx_dash.web.text import md_text

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def change_lines(row: Any) -> list[str]:
    """Markdown lines for the change against the year before (present/changes.py): the
    change, green up or red down (gray when level or not computed), and what it compares."""
    if pd.isna(getattr(row, "prev_text", None)):
        return []
    found = changes.change(
        row.value,
        row.qualifier,
        row.unit,
        int(row.prev_year),
        row.prev_value,
        row.prev_qualifier,
        row.prev_text,
    )
    color, arrow = {1: ("green", "↑ "), -1: ("red", "↓ ")}.get(found.direction, ("gray", ""))
    return [f":{color}[{arrow}{md_text(found.text)}]", f":gray[{md_text(found.description)}]"]


def grid(items: list[Any], columns: int = 3) -> Iterator[tuple[Any, Any]]:
    """(column, item) pairs laid out row by row, one st.columns per row, so that on a
    phone, where columns stack, items keep their reading order."""
    for start in range(0, len(items), columns):
        yield from zip(st.columns(columns), items[start : start + columns], strict=False)


def figure_cards(ctx: PageContext, frame: pd.DataFrame, show_pillar: bool = False) -> None:
    """Figures as cards in a wrapping row (screen.css: three across a desktop, two across a
    phone), written exactly as in the source; the help icon shows the sentence and the
    document. A card is one Markdown element (name, the figure as a heading, the change):
    Streamlit draws Markdown with the page's first elements, while st.metric waited for
    its own code and, on a first visit, for the chart's (bench/first_figures.py)."""
    cards = st.container(
        key=f"figure_cards_{frame['metric_id'].iloc[0]}", horizontal=True, gap="small"
    )
    for row in frame.itertuples():
        title = row.source_title if isinstance(row.source_title, str) else ctx.source_title
        lines = [md_text(row.name), f"### {md_text(row.text)}", *change_lines(row)]
        if show_pillar and isinstance(row.pillar_name, str):
            lines.append(f":gray[出自{md_text(row.pillar_name)}]")
        unchecked = getattr(row, "unchecked", False) is True
        cards.container(border=True).markdown(
            "\n\n".join(lines),
            help=None
            if ctx.briefing
            else f"原文：{md_text(row.quote)}\n\n出处：《{md_text(title)}》"
            + (f"\n\n{briefing.UNCHECKED}" if unchecked else ""),
        )


def pillar_links(pillars: list[Any]) -> None:
    """The five pillars as a row of links (a wrapped row on a phone)."""
    with st.container(horizontal=True, gap="small"):
        for spec in pillars:
            st.page_link(spec.script, label=spec.title)


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


def _photo(ctx: PageContext, name: object) -> bytes | str | None:
    """A caption's photo: the one the snapshot's manifest maps its name to (read through
    the store, cached by its content name), else a file copied by hand into <data>/photos/."""
    if not isinstance(name, str) or not name:
        return None
    stored = ctx.view.manifest.photos.get(name)
    root = ctx.view.catalog.root
    if stored:
        return data.stored_photo(str(root), stored)
    return _hand_copied(root, name)


def _hand_copied(root: Location, name: str) -> str | None:
    """A photo copied by hand, only as a plain file name inside <data>/photos/."""
    if Path(name).name != name:
        return None
    path = location.local_folder(root) / "photos" / name
    return str(path) if path.suffix.lower() in PHOTO_SUFFIXES and path.is_file() else None


def caption_cards(
    ctx: PageContext, frame: pd.DataFrame, heading: str, show_pillar: bool = False
) -> None:
    """Under `heading`, photos with their captions in a grid and the captions whose photo
    is missing as one list; when no caption has its photo, one plain line instead (a box
    of captions of pictures nobody can see helps no one)."""
    if frame.empty:
        return
    photos = [(row, _photo(ctx, row.photo)) for row in frame.itertuples()]
    if all(photo is None for _, photo in photos):
        st.caption(f"原文所配的 {len(photos)} 张图片未随文收录。")
        return
    st.subheader(heading)

    def origin(row: Any) -> str | None:
        pillar = getattr(row, "pillar_name", None)
        return pillar if show_pillar and isinstance(pillar, str) else None

    for col, (row, photo) in grid([(r, p) for r, p in photos if p is not None]):
        with col.container(border=True):
            where = origin(row)
            text = f"{row.caption} · {where}" if where else str(row.caption)
            # Streamlit renders captions as Markdown; alt text is an attribute, plain text.
            # The image's toolbar has a full-screen button: a tap shows the whole picture.
            st.image(photo, caption=md_text(text), alt=text, width="stretch")
    unillustrated = [row for row, photo in photos if photo is None]
    if unillustrated:
        items = []
        for row in unillustrated:
            where = origin(row)
            label = f":gray[{md_text(where)}] · " if where else ""
            items.append(f"- {label}{md_text(row.caption)}")
        st.container(border=True).markdown(":gray[以下图片未随文收录]\n\n" + "\n".join(items))


def _marked(paragraph: str, quotes: list[str], chosen: str | None = None) -> str:
    """The paragraph in Markdown, quoted sentences on orange, the `chosen` one on blue."""
    if chosen and chosen in paragraph:
        start = paragraph.index(chosen)
        end = start + len(chosen)
        return (
            _marked(paragraph[:start], quotes)
            + f":blue-background[**{md_text(chosen)}**]"
            + _marked(paragraph[end:], quotes)
        )
    pieces = document.split_marked(paragraph, quotes)
    return "".join(f":orange-background[{md_text(p)}]" if q else md_text(p) for p, q in pieces)


def document_in_reading_order(
    reading: document.Reading, quotes: list[str], chosen: str | None = None
) -> None:
    """A source document as a reader follows it (document.reading_order), its headings as
    headings, the quoted sentences marked, the photo captions apart at the end. The
    paragraph holding the `chosen` quote is drawn apart, its sentence marked in blue, in a
    container the page shell scrolls to. One Markdown element before it and one after: an
    element per paragraph cost the browser ~2 ms each to place."""
    marked = [document.joined(q) for q in quotes]
    wanted = document.joined(chosen) if chosen else None
    before: list[str] = []
    found: str | None = None
    after: list[str] = []
    for heading, paragraphs in reading.parts:
        if heading:
            (before if found is None else after).append(f"##### {md_text(heading)}")
        for paragraph in paragraphs:
            if found is None and wanted and wanted in paragraph:
                found = _marked(paragraph, marked, wanted)
            else:
                (before if found is None else after).append(_marked(paragraph, marked))
    if reading.captions:
        rest = before if found is None else after
        rest.append("##### 图片说明")
        rest += [f"- {md_text(caption)}" for caption in reading.captions]
    with st.container(height=560, border=True):
        if before:
            st.markdown("\n\n".join(before))
        if found is not None:
            st.container(key=page_shell.CHOSEN_SENTENCE_KEY).markdown(found)
        if after:
            st.markdown("\n\n".join(after))


def figure_sentences(table: pd.DataFrame) -> None:
    """Each figure with its sentence under it, not in a column cut at a phone's width
    (columns 指标, 原文写法, 板块, 原文语句)."""
    items = [
        f"**{md_text(text)}**　{md_text(name)}　:gray[{md_text(pillar or '总览')}]"
        f"\n\n> {md_text(quote)}"
        for name, text, pillar, quote in table.itertuples(index=False)
    ]
    st.container(height=560, border=True).markdown("\n\n".join(items))


def stamp(ctx: PageContext, with_snapshot: bool = False) -> None:
    """The page's footer: source, date of the data and when it was published; the
    snapshot id (machinery) only `with_snapshot`, on the sources page."""
    m = ctx.view.manifest
    st.divider()
    snapshot = f"快照 {m.id} · " if with_snapshot else ""
    st.caption(
        f"数据来源：《{md_text(ctx.source_title)}》 · 数据截至：{ctx.year}年 · "
        f"{snapshot}更新时间 {beijing_time(m.created_at)}"
    )
    if ctx.watermark:
        st.caption(md_text(ctx.watermark))


def input_label(name: str) -> str:
    """What a snapshot was published from, as staff named it: a file by its name, a CSV
    folder said to be one (the default data's is data/source)."""
    if name == "source":
        return "默认数据（data/source 文件夹）"
    return name if Path(name).suffix else f"{name}（CSV 文件夹）"


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
            "输入": input_label(m.input_name),
            "行数": m.total_rows,
        }
        for m in reversed(snapshots.list_snapshots(root))
    ]
    return pd.DataFrame(rows)
