"""The five pillars of building a CPPCC (五个政协): a fixed vocabulary, the same for every
org and year. What one org's document says of each is in the `sections` table."""

from __future__ import annotations

import pyarrow as pa

from zwzx_dash.model import schema

# (pillar_id, seq, name)
PILLARS: tuple[tuple[str, int, str], ...] = (
    ("loyal", 1, "忠诚政协"),
    ("effective", 2, "有为政协"),
    ("people", 3, "为民政协"),
    ("cohesive", 4, "聚力政协"),
    ("vibrant", 5, "活力政协"),
)
PILLAR_IDS = tuple(p[0] for p in PILLARS)
NAME_BY_ID = {pillar_id: name for pillar_id, _, name in PILLARS}
ID_BY_NAME = {name: pillar_id for pillar_id, _, name in PILLARS}
# Words by which a section heading names its pillar without the pillar's full name: the
# pillar's own word (坚守忠诚本色, 激发履职活力) or the usual heading of its work
# (【政治引领】, （五）加强自身建设). A heading with words of two pillars names neither.
HEADING_WORDS: dict[str, tuple[str, ...]] = {
    "loyal": ("忠诚", "政治引领", "党的领导", "党建引领"),
    "effective": ("有为", "协商议政", "建言资政", "民主监督"),
    "people": ("为民", "民生"),
    "cohesive": ("聚力", "凝聚共识", "团结联谊", "同心圆"),
    "vibrant": ("活力", "自身建设"),
}


def pillar_named_in(heading: str) -> str | None:
    """The one pillar whose words the heading holds, else None."""
    named = {p for p, words in HEADING_WORDS.items() if any(w in heading for w in words)}
    return named.pop() if len(named) == 1 else None


def pillars_table() -> pa.Table:
    return pa.Table.from_pylist(
        [{"pillar_id": i, "seq": s, "name": n} for i, s, n in PILLARS],
        schema=schema.PILLARS.schema,
    )
