"""What a publish would change: figures, highlights and captions added, removed, changed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from zwzx_dash.model import schema

# What to show of a row, per table: its label and the fields compared.
SHOWN = {
    "metrics": (
        "数字",
        "name",
        ("text", "value", "unit", "qualifier", "name", "pillar_id", "quote"),
    ),
    "highlights": ("亮点", "title", ("title", "body")),
    "captions": ("图片", "caption", ("caption", "photo")),
}


@dataclass
class TableDiff:
    label: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _index(table: pa.Table, key: tuple[str, ...]) -> dict[tuple, dict]:
    return {tuple(r[c] for c in key): r for r in table.to_pylist()}


def _where(row: dict) -> str:
    return f"{row['org']} {row['year']}年"


def diff_tables(old: dict[str, pa.Table], new: dict[str, pa.Table]) -> list[TableDiff]:
    out = []
    for name, (label, title, fields) in SHOWN.items():
        key = schema.TABLES[name].key
        before, after = _index(old[name], key), _index(new[name], key)
        d = TableDiff(label)
        for k in after.keys() - before.keys():
            r = after[k]
            d.added.append(
                f"{_where(r)} {r[title]}" + (f"：{r['text']}" if name == "metrics" else "")
            )
        for k in before.keys() - after.keys():
            r = before[k]
            d.removed.append(
                f"{_where(r)} {r[title]}" + (f"：{r['text']}" if name == "metrics" else "")
            )
        for k in before.keys() & after.keys():
            a, b = before[k], after[k]
            changed = [f for f in fields if a[f] != b[f]]
            if changed:
                if name == "metrics" and "text" in changed:
                    d.changed.append(f"{_where(b)} {b['name']}：{a['text']} → {b['text']}")
                else:
                    what = "、".join(schema.TABLES[name].column(f).label for f in changed)
                    d.changed.append(f"{_where(b)} {b[title]}：{what}有改动")
        d.added.sort()
        d.removed.sort()
        d.changed.sort()
        out.append(d)
    return out


def format_diff(diffs: list[TableDiff]) -> str:
    if all(d.empty for d in diffs):
        return "没有变化。"
    lines = []
    for d in diffs:
        if d.empty:
            continue
        lines.append(
            f"{d.label}：新增 {len(d.added)}，删除 {len(d.removed)}，修改 {len(d.changed)}"
        )
        lines += [f"  + {x}" for x in d.added]
        lines += [f"  - {x}" for x in d.removed]
        lines += [f"  ~ {x}" for x in d.changed]
    return "\n".join(lines)
