"""数据管理 (staff only): upload → validation report → changes → publish; history and rollback."""

import streamlit as st

from zwzx_dash.ingest import extract
from zwzx_dash.ingest.article import MAX_ARTICLE_BYTES
from zwzx_dash.ingest.raw import InputRefused
from zwzx_dash.model import schema
from zwzx_dash.model.file_names import safe_file_name
from zwzx_dash.store import durable, merge, reading, review, snapshots
from zwzx_dash.store.diff import diff_tables, format_diff
from zwzx_dash.web import blocks, draft_review, sidebar, signin, site, staff
from zwzx_dash.web.guard import upload_cap_megabytes
from zwzx_dash.web.text import md_text

SHOWN_KEY = "_staff_shown_changes"  # the live snapshot and upload the changes were shown for
MOVED_KEY = "_staff_current_moved"  # why the last publish was refused, shown after the rerun
DONE_KEY = "_staff_done"  # what the last publish or rollback did, shown after the rerun
PUBLISHED_KEY = "_staff_published_sha256"  # the upload already published from this page
TICK_ROUND_KEY = "_staff_tick_round"  # bumped when a publish is refused: the ticks ask again
SHOWN_SCOPES = 20  # org-years listed one by one

ctx = sidebar.context()
root = ctx.view.catalog.root
st.title(site.STAFF.title)
account = signin.current_account()
if account is None or not account.is_staff:
    st.warning("请先在侧栏用工作人员账号登录。")
    st.stop()

st.subheader("1. 准备工作簿")
left, right = st.columns(2)
blank, current = staff.staff_workbooks(ctx)
left.download_button(
    "下载空白模板", blank, file_name="中卫市政协履职数据模板.xlsx", key="dl_template"
)
right.download_button(
    f"下载{md_text(ctx.org)}{ctx.year}年的当前数据（在此基础上修改）",
    current,
    file_name=safe_file_name(f"{ctx.org}{ctx.year}年履职数据-{ctx.view.snapshot_id}") + ".xlsx",
    key="dl_current",
)
st.caption("要改别的单位或年度，先在侧栏选择它。")

st.markdown("##### 从报道生成草稿")
article = st.file_uploader(
    "也可以上传一篇年度报道（UTF-8 的 .txt）：自动找出其中的数字、工作亮点和图片说明，"
    "在下方逐条核对后直接发布，或下载草稿工作簿在 Excel/WPS 中填写。",
    type=["txt"],
    key="article",
    max_upload_size=max(1, MAX_ARTICLE_BYTES // 2**20),
)
pasted = st.text_area(
    "或粘贴报道全文", key="article_text", height=100, max_chars=MAX_ARTICLE_BYTES // 4
)
left, right = st.columns(2)
draft_org = left.text_input(
    "单位（原文标题未写明时填写，如“清河县政协”）", key="draft_org", max_chars=40
)
draft_year = right.number_input(
    "年度（原文标题未写明年度时填写）",
    min_value=schema.YEAR_MIN,
    max_value=schema.YEAR_MAX,
    value=None,
    step=1,
    key="draft_year",
)
if article is None and not pasted.strip():
    draft_review.no_draft()
else:
    article_bytes = article.getvalue() if article is not None else pasted.encode("utf-8")
    article_name = article.name if article is not None else "粘贴的报道.txt"
    try:
        reference = reading.read_org_year(root, ctx.view.snapshot_id, ctx.org, ctx.year)
        draft = extract.draft_from_upload(
            article_bytes,
            article_name,
            reference,
            org=draft_org.strip() or None,
            year=draft_year,
            fallback_org=ctx.org,
        )
    except InputRefused as err:
        draft_review.no_draft()
        st.error("无法生成草稿：" + "；".join(md_text(p.message) for p in err.problems))
    else:
        st.success(f"已读完《{md_text(draft.layout.title)}》：{extract.summary(draft)}")
        st.info(f"草稿的{md_text(draft.scope)}。不对时请在上面填写单位或年度。")
        draft_review.review_draft(draft, article_name, article_bytes)

st.subheader("2. 上传并校验")
upload = st.file_uploader(
    "上传填好的 .xlsx 工作簿；有配图时，把工作簿和 photos 文件夹一起压缩成 .zip 上传。"
    "只替换工作簿中出现的单位和年度，其他年度保持不变。",
    type=["xlsx", "zip"],
    key="upload",
    max_upload_size=upload_cap_megabytes(),  # the one cap: validation and the guard use it too
)
images = st.file_uploader(
    "配图（可多选，JPEG、PNG 或 WebP）：文件名须与工作簿“图片”表的“图片文件”列一致。",
    type=["jpg", "jpeg", "png", "webp"],
    accept_multiple_files=True,
    key="photos_upload",
    max_upload_size=upload_cap_megabytes(),
)
replace_all = st.checkbox("用这份工作簿替换全部数据", key="replace_all")
reviewed = draft_review.reviewed_upload() if upload is None else None
if reviewed is not None:
    st.info(f"使用上面核对好的草稿：{md_text(reviewed[1])}（上传工作簿则改用工作簿）")
if upload is None and reviewed is None:
    st.info("还没有上传文件，也没有核对好的草稿。")
else:
    upload_bytes, upload_name = (upload.getvalue(), upload.name) if upload else reviewed
    refused = None
    live = merge.read_live(root)
    with st.status("正在校验……", expanded=True) as status:
        st.write(f"读取 {md_text(upload_name)}")
        try:
            photos = {f.name: f.getvalue() for f in images or []} if upload else None
            data = staff.validated_upload(upload_bytes, upload_name, photos)
        except InputRefused as err:
            refused = err
            status.update(label="未通过校验：没有发布任何内容", state="error")
        else:
            st.write("与当前数据比较")
            tables = merge.with_live(None if replace_all else live.tables, data.tables)
            changes = diff_tables(live.tables, tables)
            status.update(label="校验通过", state="complete", expanded=False)
    if refused is not None:
        st.error(
            f"共 {len(refused.problems)} 处问题。请按下表逐条改正后重新上传；看板数据未受影响。"
        )
        st.dataframe(staff.problems_frame(refused.problems), hide_index=True, key="problems")
        st.stop()

    st.subheader("3. 确认改动并发布")
    if moved := st.session_state.pop(MOVED_KEY, None):
        st.error(moved)
    if done := st.session_state.pop(DONE_KEY, None):
        st.success(done)
    for change in changes:
        if not change.empty:
            st.markdown(
                f"**{change.label}**：新增 {len(change.added)}，删除 {len(change.removed)}，"
                f"修改 {len(change.changed)}"
            )
    with st.expander("逐条查看改动", expanded=False):
        st.text(format_diff(changes))
    staff.photo_preview(data)
    found = review.review(live.tables, tables, data.tables)
    if found.changes:
        st.markdown("按单位年度：")
        lines = [c.line() for c in sorted(found.changes, key=lambda c: not c.risky)]
        more = len(lines) - SHOWN_SCOPES
        st.text(
            "\n".join(lines[:SHOWN_SCOPES] + ([f"……另有 {more} 个单位年度"] if more > 0 else []))
        )
    # The ticks belong to this upload: a new file asks again, and so does a publish by
    # someone else meanwhile (a new round below when the click is refused for it).
    tick = f"{data.sha256}-{replace_all}-{st.session_state.get(TICK_ROUND_KEY, 0)}"
    ticks = (f"scope_confirm_{tick}", f"warnings_accepted_{tick}")
    for refusal in found.refusals:
        st.error(f"不能发布：{md_text(refusal)}")
    confirmed = not found.confirmations
    if found.confirmations:
        st.error("请确认：\n\n" + "\n\n".join(f"- {md_text(c)}" for c in found.confirmations))
        confirmed = st.checkbox("我已核对单位和年度，确认发布", key=ticks[0])
    accepted = not found.warnings
    if found.warnings:
        st.warning("提醒：\n\n" + "\n\n".join(f"- {md_text(w)}" for w in found.warnings))
        accepted = st.checkbox("我已核对这些提醒，仍要发布", key=ticks[1])
    note = st.text_input("发布备注（必填）", key="note", placeholder="例如：补充2024年数据")
    st.caption(f"发布人：{md_text(account.name)}（记入快照的发布记录）")
    # What this run showed: a click publishes only what the person saw in the run before.
    shown = (live.base.snapshot_id, data.sha256, replace_all)
    seen = st.session_state.get(SHOWN_KEY, shown)
    st.session_state[SHOWN_KEY] = shown
    already = st.session_state.get(PUBLISHED_KEY) == data.sha256
    if already:
        st.caption("这份文件已经发布；要再发布，请上传新的文件。")
    ready = note.strip() and confirmed and accepted and not found.refusals
    if st.button("发布", type="primary", key="publish", disabled=already or not ready):
        try:
            if seen != shown:
                raise snapshots.CurrentMoved("你查看改动之后，看板数据已被他人更新或回退")
            with st.spinner("正在发布……"):
                manifest = snapshots.publish(
                    root,
                    tables,
                    input_name=data.name,
                    input_sha256=data.sha256,
                    note=note.strip(),
                    publisher=account.name,
                    onto=None if replace_all else live.base,
                    new_photos=data.photos,
                )
        except OSError as err:
            if not durable.is_disk_full(err):
                raise
            st.error(f"未发布：{md_text(durable.disk_full_text(err))}")
        except snapshots.CurrentMoved as err:
            # What was ticked was ticked for the data before: new checkboxes (a widget's
            # key removed from the session would still show ticked in the browser).
            st.session_state[TICK_ROUND_KEY] = st.session_state.get(TICK_ROUND_KEY, 0) + 1
            st.session_state[MOVED_KEY] = (
                f"未发布：{md_text(err)}。下面的改动已按最新数据重新比较，请核对后再点“发布”。"
            )
            st.rerun()
        else:
            follow = (
                f"开着的页面也会在 {sidebar.FOLLOW_SECONDS:g} 秒内自动更新。"
                if sidebar.FOLLOW_SECONDS > 0
                else ""
            )
            st.session_state[PUBLISHED_KEY] = data.sha256
            st.session_state[DONE_KEY] = (
                f"已发布快照 {manifest.id}。领导刷新页面即可看到新数据；{follow}"
            )
            st.rerun()  # every part of the page, the sidebar too, from the new CURRENT

st.subheader("4. 历史与回退")
if upload is None and reviewed is None and (done := st.session_state.pop(DONE_KEY, None)):
    st.success(done)
history = blocks.snapshot_history(ctx)
st.dataframe(history, hide_index=True, key="history")
earlier = history[history["当前"] == ""]
labels = {
    r.快照: f"{r.发布时间} · {r.备注 or '（无备注）'} · {r.发布人} · {r.快照}"
    for r in earlier.itertuples()
}
if not labels:
    st.info("只有当前这一个快照，没有可以回退到的。")
    st.stop()
target = st.selectbox(
    "回退到",
    list(labels),
    index=None,
    format_func=labels.__getitem__,
    placeholder="选择要回到的快照（按发布时间和备注）",
    key="rollback_target",
)
if target is None:
    st.stop()
# The confirmation names the snapshot and belongs to it: choosing another, or the list
# shifting under a concurrent publish or prune, asks again.
confirm = st.checkbox(f"我确认把看板回退到快照 {target}", key=f"rollback_confirm_{target}")
if st.button("回退", key="rollback", disabled=not confirm):
    try:
        manifest = snapshots.rollback(root, target)
    except snapshots.SnapshotError as err:
        st.error(f"未回退：快照 {target} 已不存在或无法读取（{md_text(err)}）。")
    else:
        st.session_state[DONE_KEY] = f"看板已回退到 {manifest.id}。"
        st.rerun()  # the history tick, downloads, years and sidebar from the new CURRENT
