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


def pillars_table() -> pa.Table:
    return pa.Table.from_pylist(
        [{"pillar_id": i, "seq": s, "name": n} for i, s, n in PILLARS],
        schema=schema.PILLARS.schema,
    )
