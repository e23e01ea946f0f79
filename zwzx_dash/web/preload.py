"""The script chunks a leader's first screen needs, for the page shell to fetch at once.

Streamlit's frontend loads the code for each kind of element only when the first element
of that kind arrives, after its WebSocket is up and the page's script has run: about a
second into a first visit, and shows grey skeletons until it has. Listed in the shell as
`<link rel="modulepreload">`, the same files are fetched while the main bundle starts.

The chunks are found by name in Streamlit's own static folder (`PageLink.<hash>.js`), with
the files each imports, so that a Streamlit upgrade cannot leave stale names behind: a
name that is not found is left out and the page loads as it would without the list.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

# In the order they are needed: the page links, then the sidebar's widgets (selectors, the
# briefing toggle, the sign-in form). The figures need none: they are Markdown, whose code
# Streamlit's shell loads itself.
FIRST_SCREEN = ("PageLink", "Selectbox", "Checkbox", "TextInput", "Button", "Html")
_STATIC_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["'`]\./([\w.\-]+\.js)["'`]""")


def static_js_folder() -> Path | None:
    """Streamlit's static/js folder, found without importing Streamlit."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "static" / "static" / "js"
    return folder if folder.is_dir() else None


def chunk_named(folder: Path, name: str) -> str | None:
    """The file of the chunk called `name` (PageLink → PageLink.BERvM-yN.js), if exactly one."""
    found = [p.name for p in folder.glob(f"{name}.*.js") if p.name.count(".") == 2]
    return found[0] if len(found) == 1 else None


def with_imports(folder: Path, roots: list[str]) -> list[str]:
    """`roots` and every file they import statically, each once, roots' order kept and each
    file after what it imports is listed (depth first)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or not (folder / name).is_file():
            return
        seen.add(name)
        for imported in _STATIC_IMPORT.findall((folder / name).read_text(errors="replace")):
            visit(imported)
        order.append(name)

    for root in roots:
        visit(root)
    return order


@functools.cache
def first_screen_chunks(loaded_by_shell: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """FIRST_SCREEN's files with their imports, less those the shell already loads."""
    folder = static_js_folder()
    if folder is None:
        return ()
    roots = [f for f in (chunk_named(folder, n) for n in FIRST_SCREEN) if f is not None]
    return tuple(f for f in with_imports(folder, roots) if f not in loaded_by_shell)


def shell_scripts(shell: str) -> frozenset[str]:
    """The chunk files Streamlit's index.html already loads or preloads."""
    return frozenset(re.findall(r"""\./static/js/([\w.\-]+\.js)""", shell))


def preload_links(shell: str) -> str:
    """`<link rel="modulepreload">` tags for the first screen's chunks, in the same form as
    Streamlit's own (relative, crossorigin: a preloaded module is reused only when fetched
    in the same mode as the import that needs it)."""
    return "\n".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}">'
        for name in first_screen_chunks(shell_scripts(shell))
    )
