"""The Streamlit app, run headless with streamlit.testing.v1.AppTest."""

from streamlit.testing.v1 import AppTest

from .conftest import PROJECT


def run_app() -> AppTest:
    app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    return app.run()


def test_entry_page_shows_the_six_headline_figures_as_written(published):
    app = run_app()
    assert not app.exception
    values = sorted(m.value for m in app.metric)  # cards are laid out column by column
    assert values == sorted(["342件", "155篇", "50余次", "24篇", "12项", "90多次"])
    assert "原文：一年来，中卫市政协收到提案342件" in app.metric[0].proto.help
    assert app.selectbox(key="year").value == 2023
    assert any("快照" in c.value for c in app.caption)


def test_app_builds_the_default_snapshot_on_first_use(data_root):
    app = run_app()
    assert not app.exception
    assert (data_root / "CURRENT").exists()
    assert "50余次" in [m.value for m in app.metric]
