"""What every page shares: the store, the selected map and its analysis.

The canonical map lives in the :class:`~samhandling.store.Store` (SQLite), never in
a widget: session state dies on a browser reload, so the only session state kept
here is *which* map is selected, mirrored in the URL (``?kart=<name>``) so a reload
comes back to the same map.

Pages call :func:`current_map`, :func:`current_name`, :func:`current_revision`,
:func:`current_analysis`, :func:`store` and :func:`example_files`; ``app.py`` calls
:func:`prepare` and runs the page inside :func:`reading`: within one run, the list of
maps and a map's latest revision are read from the store once. The sidebar's map
picker and forms are in :mod:`samhandling.ui.sidebar`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from samhandling.errors import Problem
from samhandling.i18n import language, t
from samhandling.model import CollaborationMap
from samhandling.store import MapExistsError, Store, StoreError, default_location
from samhandling.ui.components import say
from samhandling.vocabulary import fold

__all__ = [
    "store",
    "base_store",
    "reading",
    "prepare",
    "map_names",
    "warm_up",
    "current_name",
    "current_map",
    "current_revision",
    "current_analysis",
    "shared_key",
    "example_files",
    "set_current",
    "forget_current",
    "problem_frame",
    "QUERY_PARAM",
]

log = logging.getLogger(__name__)

QUERY_PARAM = "kart"
_CURRENT = "state.current_map"  # the selected map's name (not a widget key: survives navigation)
_SEEDED = "state.seeded"
_REPO_ROOT = Path(__file__).resolve().parents[3]
_READS = "state.reads"  # this run's answers from the store (see reading)
_T = TypeVar("_T")


# --------------------------------------------------------------------------- store


@st.cache_resource(show_spinner=False)
def _store_at(path: str) -> Store:
    return Store(path)


def base_store() -> Store:
    """The store of ``$SAMHANDLING_DB`` (or the user's data dir), one object per database, unguarded."""
    return _store_at(str(default_location()))


def store() -> Store:
    """The store as this visitor may use it: all of it on a laptop, their maps with login on (:mod:`.login`)."""
    from samhandling.ui import login

    return login.guard(base_store())


@contextmanager
def reading() -> Iterator[None]:
    """Within it, the list of maps, a map's latest revision and when it was saved are read once.

    A run of Kart asked the database for them ~25 times (every :func:`current_map`,
    :func:`current_revision` and the sidebar asked again). ``app.py`` runs each page in
    this, and the map panel each of its own reruns; nested, the outer one counts. A
    write through the store (any commit on its engine: a save, a new map, a right given)
    makes the next read ask the database again, so a page sees its own saves at once;
    what another process writes shows at the next run, as a run is one look at the store.
    """
    if _READS in st.session_state:
        yield
        return
    st.session_state[_READS] = {}
    try:
        yield
    finally:
        st.session_state.pop(_READS, None)


def _once(key: Hashable, fetch: Callable[[], _T]) -> _T:
    """``fetch()``, kept for the rest of the run (see :func:`reading`) until the store is written."""
    reads = st.session_state.get(_READS)
    if reads is None:
        return fetch()
    writes = base_store().writes
    known = reads.get(key)
    if known is not None and known[0] == writes:
        return known[1]
    value = fetch()
    reads[key] = (writes, value)
    return value


def map_names() -> list[str]:
    """The names of the maps this visitor may read, sorted (a new list: callers may change it)."""
    return list(_once("maps", lambda: tuple(store().list_maps())))


# --------------------------------------------------------------------------- examples


@st.cache_data(show_spinner=False)
def _example_info(path: str, mtime: float) -> tuple[str, str]:
    """(label, ISO date or "") of an example file: its ``om.tittel`` and ``om.dato``."""
    from samhandling.io import load_map

    try:
        info = load_map(path).map.info
        title, when = info.title.strip(), info.date.isoformat() if info.date else ""
    except Exception:  # a broken example must not break the app; the file name will do
        log.warning("Could not read example %s", path, exc_info=True)
        title, when = "", ""
    return title or Path(path).stem.replace("_", " ").replace("-", " "), when


def _example_dir() -> Path | None:
    for folder in (Path.cwd() / "data", _REPO_ROOT / "data"):
        if folder.is_dir() and any(folder.glob("*.y*ml")):
            return folder
    return None


def example_files() -> dict[str, Path]:
    """The bundled example maps (``data/*.yaml``), label -> path.

    The label is the map's ``om.tittel`` or else its file name. Examples come in
    the order of their ``om.dato`` (a "before" map ahead of its "after" map), then
    by label.
    """
    folder = _example_dir()
    if folder is None:
        return {}
    found: dict[str, tuple[str, Path]] = {}
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".yaml", ".yml"})
    for path in paths:
        label, when = _example_info(str(path), path.stat().st_mtime)
        while label in found:
            label = f"{label} ({path.stem})" if path.stem not in label else f"{label}*"
        found[label] = (when or "9999", path)
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[0].casefold(), item[0]))
    return {label: path for label, (_, path) in ordered}


_SEED_LOCK = threading.Lock()  # the start-up warm-up and a first visitor may seed at the same moment


def _seed_examples(target: Store) -> None:
    """First start with an empty store: one map per bundled example."""
    with _SEED_LOCK:
        _seed_locked(target)


def _seed_locked(target: Store) -> None:
    if target.list_maps():
        return
    from samhandling.errors import MapFileError
    from samhandling.io import load_map

    for label, path in example_files().items():
        try:
            cmap = load_map(path).map
            target.create_map(label, cmap, note=t("ui_state.seed_note", file=path.name))
        except MapExistsError:  # another session seeded at the same moment
            continue
        except (MapFileError, OSError):
            log.warning("Example %s was not seeded", path, exc_info=True)


# --------------------------------------------------------------------------- selection


def _default_name(names: list[str]) -> str | None:
    """The first Siljan example (in example order), else any Siljan map, else the first map."""
    present = set(names)
    examples = [label for label in example_files() if label in present]
    for candidates in (examples, names):
        for name in candidates:
            if "siljan" in fold(name):
                return name
    return examples[0] if examples else (names[0] if names else None)


@st.cache_resource(show_spinner=False)
def _last_used(path: str) -> dict[str, str]:
    """The map last selected on this server, per store file: a new tab opens it."""
    return {}


def current_name() -> str | None:
    """The selected map's name (``None`` only when the store has no map at all).

    In order: this session's choice, ``?kart=`` in the URL, the map last used on this
    server (a new tab opens the map in use), the default example.
    """
    names = map_names()
    last = _last_used(str(store().path))
    chosen = st.session_state.get(_CURRENT)
    if chosen not in names:
        chosen = st.query_params.get(QUERY_PARAM)
    if chosen not in names:
        chosen = last.get("name")
    if chosen not in names:
        chosen = _default_name(names)
    if chosen is not None:
        st.session_state[_CURRENT] = chosen
        last["name"] = chosen
    return chosen


def set_current(name: str) -> None:
    """Select map ``name`` (pages call this after creating or importing a map)."""
    st.session_state[_CURRENT] = name
    st.query_params[QUERY_PARAM] = name


def forget_current() -> None:
    """Select no map (after the selected one was deleted): the next run picks one."""
    st.session_state.pop(_CURRENT, None)
    st.query_params.pop(QUERY_PARAM, None)


def current_revision() -> int:
    """The latest revision of the selected map (0 when there is no map)."""
    name = current_name()
    if name is None:
        return 0
    return _once(("latest", name), lambda: store().latest_revision(name))


# Shared by every session of the server: a saved revision never changes, so the map and
# its analysis are computed once per (store, map, revision) and handed to every visitor
# (both are frozen; pages only read them). Bounded: a few maps' worth at a time.
SHARED_ENTRIES = 8


def _revision_key(name: str, revision: int, target: Store | None = None) -> tuple[str, str, int, str]:
    """(store, map, revision, saved at): a map deleted and made again gets new keys."""
    if target is None:  # the visitor's store: read once per run (see reading)
        saved = _once(("saved", name, revision), lambda: _saved_at(store(), name, revision))
    else:
        saved = _saved_at(target, name, revision)
    return str(default_location()), name, revision, saved  # the location _store_at opens (a URL on a server)


def _saved_at(target: Store, name: str, revision: int) -> str:
    return next((str(r.saved_at) for r in target.history(name) if r.number == revision), "")


@st.cache_resource(max_entries=SHARED_ENTRIES, show_spinner=False)
def _shared_map(path: str, name: str, revision: int, saved_at: str) -> CollaborationMap:
    cmap, _ = _store_at(path).load(name, revision)
    return cmap


@st.cache_resource(max_entries=SHARED_ENTRIES, show_spinner=False)
def _shared_analysis(path: str, name: str, revision: int, saved_at: str, practice: bool, lang: str) -> Any:
    """The analysis of one revision for every session that reads it in ``lang``.

    Its texts (problem titles, finding messages) are written in the language active
    while it runs, so the language is part of the key.
    """
    from samhandling.analysis import Thresholds, analyze

    return analyze(_shared_map(path, name, revision, saved_at), Thresholds(practice_rules=practice))


def _load_cached(name: str, revision: int) -> CollaborationMap:
    return _shared_map(*_revision_key(name, revision))


def current_map() -> CollaborationMap:
    """The selected map at its latest revision (an empty map when there is none)."""
    name = current_name()
    if name is None:
        return CollaborationMap()
    return _load_cached(name, current_revision())


def current_analysis(practice: bool | None = None) -> Any:
    """``analyze(current_map())``, computed once per map revision and rule set for every session.

    ``practice`` includes the practice-based rules (``--praksis``); ``None`` means the
    choice made on the Funn page (off unless switched on there).
    """
    from samhandling.analysis import Thresholds, analyze

    if practice is None:
        practice = bool(st.session_state.get(PRACTICE_KEY, False))
    name = current_name()
    if name is None:
        return analyze(CollaborationMap(), Thresholds(practice_rules=practice))
    return _shared_analysis(*_revision_key(name, current_revision()), practice, language())


def shared_key() -> tuple[str, str, int, str] | None:
    """The key of the selected map's revision shared between sessions (None without a map)."""
    name = current_name()
    return None if name is None else _revision_key(name, current_revision())


# Session key of the Funn page's switch for practice-based rules.
PRACTICE_KEY = "funn.praksis"


def warm_up() -> tuple[tuple[str, str, int, str], CollaborationMap, Any] | None:
    """Before any visitor: seed the examples, then load and analyse the default map.

    ``serve.py`` (``streamlit run serve.py``, the README's way to start) runs this in a background thread when
    the server starts, so the first visitor finds the default map, its analysis and (see
    :func:`samhandling.ui.kart.warm_up`) its first picture in the caches every session shares.
    Returns the shared key, the map and its analysis (``None`` when the store has no map).
    """
    from samhandling.ui import login

    target = base_store()
    if not login.enabled():  # with login on, maps belong to people: nothing to seed
        _seed_examples(target)
    name = _default_name(target.list_maps())
    if name is None:
        return None
    key = _revision_key(name, target.latest_revision(name), target)
    return key, _shared_map(*key), _shared_analysis(*key, False, language())


def prepare() -> None:
    """Open the store (or say why not and stop) and seed the examples into an empty one.

    ``app.py`` calls this before the page, and :func:`samhandling.ui.sidebar.sidebar` again.
    """
    from samhandling.ui import login

    try:
        target = store()
        map_names()
    except StoreError as error:  # the store's own error: where, and what went wrong
        where = getattr(error, "where", None) or str(default_location())
        st.error(say("ui_state.store_failed", path=where, error=getattr(error, "detail", None) or str(error)))
        st.stop()
    if not st.session_state.get(_SEEDED) and not login.enabled():  # a server starts empty
        _seed_examples(target)
        st.session_state[_SEEDED] = True


# --------------------------------------------------------------------------- problems


def problem_frame(problems: tuple[Problem, ...] | list[Problem]) -> pd.DataFrame:
    """Loader problems as a table: sheet/table, row, column, value and what to fix."""
    heads = t("ui_state.problem_columns")
    return pd.DataFrame(
        [
            {
                heads["table"]: p.table or "",
                heads["row"]: "" if p.row is None else str(p.row),
                heads["column"]: p.column or "",
                heads["value"]: "" if p.value is None else str(p.value),
                heads["message"]: p.message,
            }
            for p in problems
        ],
        columns=[heads[k] for k in ("table", "row", "column", "value", "message")],
    )
