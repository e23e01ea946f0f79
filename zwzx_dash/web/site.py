"""The dashboard's pages: script, title and URL path, in navigation order. app.py builds
the navigation from them and the page shell (page_shell.py) needs their URL paths."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str
    title: str
    url_path: str


OVERVIEW = PageSpec("app_pages/overview.py", "总览", "")
PILLARS = [
    PageSpec("app_pages/loyal.py", "忠诚政协", "loyal"),
    PageSpec("app_pages/effective.py", "有为政协", "effective"),
    PageSpec("app_pages/people.py", "为民政协", "people"),
    PageSpec("app_pages/cohesive.py", "聚力政协", "cohesive"),
    PageSpec("app_pages/vibrant.py", "活力政协", "vibrant"),
]
COMPARE = PageSpec("app_pages/compare.py", "单位与年度对比", "compare")
SOURCES = PageSpec("app_pages/sources.py", "数据来源", "sources")
STAFF = PageSpec("app_pages/staff.py", "数据管理", "staff")

APP_TITLE = "中卫市政协履职看板"


def url_paths() -> list[str]:
    """Every page's URL path but the overview's (which is the root)."""
    return [p.url_path for p in (*PILLARS, COMPARE, SOURCES, STAFF)]
