"""Data access for the pages: the snapshot pinned once per run, named queries cached by
snapshot id (a publish shows on the next rerun), and the settings in secrets.toml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from zwzx_dash.present import briefing
from zwzx_dash.query.queries import Catalog, SnapshotView
from zwzx_dash.store import location, snapshots
from zwzx_dash.store.objects import Location


def where(root: str) -> Location:
    """The data location named by `root` (what pages pass around and cache by): object
    storage with the credentials of secrets.toml's [s3] table where the environment gives none."""
    return location.location_of(root, s3=settings().get("s3"))


@st.cache_resource(show_spinner=False)
def catalog(root: str) -> Catalog:
    return Catalog(where(root))


@st.cache_data(show_spinner=False, max_entries=64)  # a page shows a few; each ≤ a few MB
def stored_photo(root: str, stored_name: str) -> bytes | None:
    """A snapshot's photo by its stored name (<sha256>.<suffix>: its bytes never change, so
    every snapshot naming it shares one cache entry); None when it cannot be read."""
    try:
        return snapshots.at(catalog(root).root).read_photo(stored_name)
    except (OSError, snapshots.SnapshotError):
        return None


@st.cache_data(show_spinner=False, max_entries=2048)
def cached_query(
    root: str, snapshot_id: str, name: str, params: tuple[tuple[str, Any], ...]
) -> Any:
    view = catalog(root).pin(snapshot_id)
    return getattr(view, name)(**dict(params))


@dataclass(frozen=True)
class PageContext:
    """What every page of one run shares: the snapshot pinned at the start of the run,
    and the org and year chosen in the sidebar."""

    view: SnapshotView
    org: str
    year: int
    source_title: str
    watermark: str | None = None
    briefing: bool = False  # the clean view for screenshots: no controls

    def query(self, name: str, **params: Any) -> Any:
        """A named query, cached by snapshot id: a publish shows on the next rerun."""
        frozen = tuple(
            sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())
        )
        return cached_query(str(self.view.catalog.root), self.view.snapshot_id, name, frozen)

    def figures(self, name: str, **params: Any) -> pd.DataFrame:
        return self.query(name, org=self.org, year=self.year, **params)


def settings() -> dict[str, Any]:
    """`.streamlit/secrets.toml` as a dict, empty when there is none."""
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: Streamlit raises rather than return empty
        return {}


@st.cache_data(show_spinner=False, ttl=3600)
def watermark() -> str | None:
    return briefing.configured_watermark(settings())


def pin_current() -> SnapshotView | snapshots.SnapshotError:
    """The current snapshot, pinned once per run so that the page list and the page read
    the same one — or the error that says why it cannot be read (sidebar_context shows it)."""
    try:
        return catalog(str(where(location.configured()))).pin()
    except snapshots.SnapshotError as err:
        return err


def comparison_available(view: SnapshotView | snapshots.SnapshotError) -> bool:
    """Whether the snapshot holds more than one org or year (the 对比 page)."""
    if isinstance(view, snapshots.SnapshotError):
        return False  # sidebar_context says why
    orgs, years = cached_query(str(view.catalog.root), view.snapshot_id, "span", ())
    return orgs > 1 or years > 1
