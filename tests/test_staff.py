"""Staff sign-in: passcode hashing, constant-time comparison, lock-out, the hidden page.
AppTest sends no cookies, so these tests give the app a browser id the way the HTTP guard
would (the `browser_id` fixture); tests/test_sign_in_browser.py drives the real cookie."""

from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from zwzx_dash.access import passcodes, throttle
from zwzx_dash.export.workbook import write_workbook
from zwzx_dash.ingest.raw import InputRefused
from zwzx_dash.web import staff

from .conftest import PROJECT, run_cli, sign_in_app

PASSCODE = "zhongwei-staff-2024"


@pytest.fixture
def encoded() -> str:
    """A fresh hash per test (a new salt): the server's throttle is kept per hash."""
    return passcodes.hash_passcode(PASSCODE, iterations=passcodes.MIN_ITERATIONS)


def test_hash_round_trip_and_refusals(encoded):
    assert passcodes.verify_passcode(PASSCODE, encoded)
    assert not passcodes.verify_passcode(PASSCODE + "x", encoded)
    assert not passcodes.verify_passcode(PASSCODE, "plain-text-passcode")
    assert not passcodes.verify_passcode(PASSCODE, "md5$1$abc$def")
    assert not passcodes.verify_passcode(PASSCODE, encoded.replace("$", "$!", 1))
    assert PASSCODE not in encoded
    assert passcodes.hash_passcode(PASSCODE) != passcodes.hash_passcode(PASSCODE), "salted"
    with pytest.raises(ValueError):
        passcodes.hash_passcode("short")


def test_comparison_is_constant_time(encoded, monkeypatch):
    calls = []
    real = passcodes.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(passcodes.hmac, "compare_digest", spy)
    assert not passcodes.verify_passcode("wrong-passcode", encoded)
    assert len(calls) == 1


def test_cli_hashes_a_passcode_from_stdin(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "zwzx_dash", "hash-passcode"],
        input=PASSCODE + "\n",
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert passcodes.verify_passcode(PASSCODE, done.stdout.strip())
    assert run_cli("hash-passcode", root=tmp_path).returncode == 2  # empty: too short


@pytest.fixture(autouse=True)
def _browser(app_browser: str) -> str:
    return app_browser


def open_app() -> AppTest:
    return AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()


def sign_in(app: AppTest, passcode: str, name: str | None = None) -> AppTest:
    return sign_in_app(app, passcode, name)


def open_staff_page(monkeypatch, encoded: str) -> AppTest:
    """The app with the shared staff passcode configured, signed in, on 数据管理."""
    monkeypatch.setenv(passcodes.ENV_VAR, encoded)
    app = open_app()
    sign_in(app, PASSCODE)
    app.switch_page("app_pages/staff.py")
    return app.run()


def test_without_a_configured_hash_there_is_no_sign_in(published, monkeypatch):
    monkeypatch.delenv(passcodes.ENV_VAR, raising=False)
    app = open_app()
    assert not [e for e in app.expander if "登录" in e.label]
    with pytest.raises(ValueError):
        app.switch_page("app_pages/staff.py")


def test_five_wrong_tries_lock_the_session(published, monkeypatch, encoded):
    monkeypatch.setenv(passcodes.ENV_VAR, encoded)
    app = open_app()
    for remaining in (4, 3, 2, 1):
        sign_in(app, "wrong-passcode")
        assert f"还可尝试 {remaining} 次" in app.error[0].value
    sign_in(app, "wrong-passcode")
    assert "已锁定" in app.error[0].value
    app.run()
    assert not app.text_input, "no passcode box once locked"
    assert "已锁定" in app.error[0].value and "秒后再试" in app.error[0].value
    again = open_app()  # a reload, or a new session: the lock holds
    assert not again.text_input
    assert "已锁定" in again.error[0].value


def test_a_hash_with_too_few_rounds_is_refused_on_verify():
    salt = b"0123456789abcdef"
    digest = passcodes.hashlib.pbkdf2_hmac("sha256", PASSCODE.encode(), salt, 1000)
    b64 = passcodes.base64.b64encode
    weak = f"pbkdf2_sha256$1000${b64(salt).decode()}${b64(digest).decode()}"
    assert not passcodes.verify_passcode(PASSCODE, weak)
    with pytest.raises(ValueError, match="哈希轮数"):
        passcodes.hash_passcode(PASSCODE, iterations=1000)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_throttle_waits_twice_as_long_after_each_failure_beyond_five():
    clock = Clock()
    t = throttle.Throttle(clock)
    keys = ("client:10.0.0.1", "account:staff")
    for left in (4, 3, 2, 1):
        assert t.failed(keys) == 0 and t.tries_left(keys) == left
    assert t.failed(keys) == 30
    clock.now += 10
    assert t.wait_seconds(keys) == 20
    assert t.wait_seconds(("client:10.0.0.2",)) == 0, "another client may try"
    assert t.wait_seconds(("client:10.0.0.2", "account:staff")) == 20, "not the same account"
    clock.now += 20
    assert t.failed(keys) == 60
    clock.now += 60
    assert t.failed(keys) == 120
    for _ in range(20):
        t.failed(keys)
    assert t.wait_seconds(keys) == throttle.MAX_WAIT_SECONDS
    t.succeeded(keys)
    assert t.wait_seconds(keys) == 0 and t.tries_left(keys) == 5
    assert throttle.wait_text(30) == "30 秒" and throttle.wait_text(120) == "2 分钟"


def test_the_throttle_forgets_the_oldest_keys_first(monkeypatch):
    monkeypatch.setattr(throttle, "MAX_KEYS", 3)
    t = throttle.Throttle(Clock())
    for n in range(5):
        t.failed((f"client:{n}",))
    assert t.tries_left(("client:0",)) == 5 and t.tries_left(("client:4",)) == 4


def test_the_right_passcode_shows_the_staff_page(published, monkeypatch, encoded):
    monkeypatch.setenv(passcodes.ENV_VAR, encoded)
    app = open_app()
    sign_in(app, PASSCODE)
    assert not app.exception
    app.switch_page("app_pages/staff.py")
    app.run()
    assert not app.exception, app.exception
    assert [t.value for t in app.title] == ["数据管理"]
    assert "还没有上传文件" in app.info[0].value


def test_staff_can_roll_back_from_the_page(published, monkeypatch, encoded, default_input):
    from zwzx_dash.store import snapshots

    first = snapshots.current_id(published)
    second = snapshots.publish(
        published, default_input.tables, input_name="again", input_sha256="0" * 64, note="再次"
    ).id
    app = open_staff_page(monkeypatch, encoded)
    assert app.selectbox(key="rollback_target").value is None, "never the current by default"
    assert second not in app.selectbox(key="rollback_target").options[0], "only earlier ones"
    assert not [b for b in app.button if b.key == "rollback"], "nothing to click before a choice"
    app.selectbox(key="rollback_target").select(first).run()
    assert app.button(key="rollback").disabled, "rollback needs the confirmation first"
    app.checkbox(key=f"rollback_confirm_{first}").check().run()
    app.button(key="rollback").click().run()
    assert not app.exception
    assert snapshots.current_id(published) == first != second
    assert any(first in s.value for s in app.success)
    (history,) = [d.value for d in app.dataframe]
    ticked = history[history["当前"] != ""]["快照"].tolist()
    assert ticked == [first], "the page shows the new CURRENT on the same click"
    assert first not in app.selectbox(key="rollback_target").options[0]


def test_an_upload_is_validated_once_per_file_however_often_the_page_reruns(
    monkeypatch, tmp_path, default_input
):
    calls = []
    real = staff.load_upload_bounded
    monkeypatch.setattr(staff, "load_upload_bounded", lambda d, n: calls.append(n) or real(d, n))
    monkeypatch.setattr(staff, "st", SimpleNamespace(session_state={}))
    book = tmp_path / "data.xlsx"
    write_workbook(book, default_input.tables)
    good = book.read_bytes()
    first = staff.validated_upload(good, "2023.xlsx")
    assert staff.validated_upload(good, "2023.xlsx") is first
    assert calls == ["2023.xlsx"]
    for _ in range(2):
        with pytest.raises(InputRefused):
            staff.validated_upload(b"not a workbook", "bad.xlsx")
    assert calls == ["2023.xlsx", "bad.xlsx"]
    staff.validated_upload(good, "2023.xlsx")
    assert calls == ["2023.xlsx", "bad.xlsx", "2023.xlsx"], "one file remembered at a time"


def test_the_rollback_confirmation_belongs_to_the_snapshot_chosen(
    published, monkeypatch, encoded, default_input
):
    from zwzx_dash.store import snapshots

    first = snapshots.current_id(published)
    second = snapshots.publish(
        published, default_input.tables, input_name="again", input_sha256="0" * 64, note="再次"
    ).id
    third = snapshots.publish(
        published, default_input.tables, input_name="third", input_sha256="1" * 64, note="三"
    ).id
    app = open_staff_page(monkeypatch, encoded)
    app.selectbox(key="rollback_target").select(first).run()
    app.checkbox(key=f"rollback_confirm_{first}").check().run()
    assert not app.button(key="rollback").disabled
    assert first in app.checkbox(key=f"rollback_confirm_{first}").label
    app.selectbox(key="rollback_target").select(second).run()
    assert app.button(key="rollback").disabled, "another snapshot asks for its own confirmation"
    assert snapshots.current_id(published) == third
