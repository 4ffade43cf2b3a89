"""Checks that span rows and tables, and building the model from parsed rows.

Input: for each table (Norwegian name) a list of ``(row number, {field: value})``
with blank cells left out (model defaults apply) and failed cells marked. This
module reports empty ids and names, duplicate ids (actors and forums share one id
space), dangling references, ages outside 0–24, negative durations, cycles in
``tilhører``, an ``innflytelse`` outside 0–5; and warns about unknown kategori
words, self-relations (dropped) and memberships repeated by one group (merged).
Memberships and relations that several groups entered are settled by
:mod:`.voices`.
"""

from __future__ import annotations

import difflib
from typing import Any

from samhandling.i18n import number as written_number
from samhandling.io.cells import FAILED
from samhandling.io.limits import MAX_MEETING_HOURS
from samhandling.io.report import Report
from samhandling.io.schema import INFLUENCE_MAX, TABLE_BY_NAME
from samhandling.io.voices import settle_memberships, settle_relations
from samhandling.model import (
    Actor,
    CollaborationMap,
    Expectation,
    Forum,
    MapInfo,
    Membership,
    Position,
    Relation,
    Routine,
)
from samhandling.vocabulary import CATEGORIES, fold

__all__ = ["build_map"]

Rows = list[tuple[int, dict[str, Any]]]
_MAX_SUGGESTION_POOL = 5000


def _column(table: str, field: str) -> str:
    return next(c.name for c in TABLE_BY_NAME[table].columns if c.field == field)


def _ok(value: Any) -> bool:
    """False for a cell that already had an error (it is reported once only)."""
    return value is not FAILED


def _all_ok(values: dict[str, Any]) -> bool:
    return FAILED not in values.values()


class _Builder:
    def __init__(self, parsed: dict[str, Rows], report: Report) -> None:
        self.parsed, self.report = parsed, report
        self.places: dict[str, tuple[str, int]] = {}  # actor/forum id -> (table, row)
        self.actor_ids: set[str] = set()
        self.forum_ids: set[str] = set()
        self.routine_ids: set[str] = set()
        self.rejected: dict[str, Rows] = {}  # rows refused for their id or name, by table

    # -- rows with an id -------------------------------------------------------------

    def _identified(self, table: str, shared_space: bool) -> tuple[Rows, set[str]]:
        """Rows of ``table`` with a usable id and name, and every valid id of the table.

        Reports empty ids and names and duplicate ids.
        """
        good: Rows = []
        rejected: Rows = []
        seen: dict[str, int] = {}
        for number, values in self.parsed[table]:
            ident, name = values.get("id", ""), values.get("name", "")
            usable = _ok(ident) and _ok(name)
            if _ok(ident) and not ident:
                self.report.error("row.empty_id", table, number, "id")
                usable = False
            if _ok(name) and not name:
                if _ok(ident) and ident:
                    self.report.error("row.empty_name", table, number, "navn", ident=ident)
                else:
                    self.report.error("row.empty_name_no_id", table, number, "navn")
                usable = False
            if _ok(ident) and ident:
                first = self.places.get(ident) if shared_space else None
                if first is None and ident in seen:
                    first = (table, seen[ident])
                if first is not None:
                    self.report.error("row.duplicate_id", table, number, "id", ident, ident=ident,
                                      first_table=first[0], first_row=first[1])
                    rejected.append((number, values))
                    continue
                seen[ident] = number
                if shared_space:
                    self.places[ident] = (table, number)
            if usable:
                good.append((number, values))
            else:
                rejected.append((number, values))
        self.rejected[table] = rejected
        return good, set(seen)

    def check_rejected(self) -> None:
        """The rest of each row refused for its id or name is still checked: all problems at once."""
        refs = {
            "aktører": ("belongs_to", "aktører"),
            "fora": ("leader", "aktører"),
            "rutiner": ("responsible", "aktører"),
        }
        for table, rows in self.rejected.items():
            field, target = refs[table]
            for number, values in rows:
                if table != "rutiner":
                    self.check_ages(table, number, values)
                self.check_ref(table, number, field, values.get(field, ""), target)

    # -- references -------------------------------------------------------------------

    def _suggest(self, value: str, pool: set[str]) -> str:
        if len(pool) > _MAX_SUGGESTION_POOL or len(self.report.errors) > 200:
            return ""
        close = difflib.get_close_matches(value, sorted(pool), n=1, cutoff=0.75)
        return self.report.problem("ref.did_you_mean", close=close[0]).message if close else ""

    def check_ref(self, table: str, number: int, field: str, value: Any, target: str) -> bool:
        """True if ``value`` (blank allowed) names an existing row of ``target``."""
        if value is FAILED:
            return False
        if not value:
            return True
        pool = {"aktører": self.actor_ids, "fora": self.forum_ids, "rutiner": self.routine_ids}[target]
        if value in pool:
            return True
        key = "ref.unknown"
        if target == "aktører" and value in self.forum_ids:
            key = "ref.forum_not_actor"
        elif target == "fora" and value in self.actor_ids:
            key = "ref.actor_not_forum"
        self.report.error(key, table, number, _column(table, field), value, target=target,
                          hint=self._suggest(value, pool))
        return False

    # -- numbers --------------------------------------------------------------------

    def check_ages(self, table: str, number: int, values: dict[str, Any]) -> bool:
        ok = True
        for field in ("age_from", "age_to"):
            age = values.get(field)
            if age is not None and _ok(age) and not 0 <= age <= 24:
                self.report.error("row.age_out_of_range", table, number, _column(table, field), age, age=age)
                ok = False
        low, high = values.get("age_from", 0), values.get("age_to", 24)
        if ok and _ok(low) and _ok(high) and low > high:
            self.report.error("row.age_from_after_to", table, number, "alder_fra", low, low=low, high=high)
            ok = False
        return ok

    # -- the tables -------------------------------------------------------------------

    def actors(self, rows: Rows) -> list[Actor]:
        out: list[Actor] = []
        unknown_categories: set[str] = set()
        for number, values in rows:
            ok = self.check_ages("aktører", number, values)
            ok = self.check_ref("aktører", number, "belongs_to", values.get("belongs_to", ""), "aktører") and ok
            influence = values.get("influence")
            if influence is not None and _ok(influence) and not 0 <= influence <= INFLUENCE_MAX:
                self.report.error("row.influence_out_of_range", "aktører", number, "innflytelse", influence,
                                  value=influence, limit=INFLUENCE_MAX)
                ok = False
            category = values.get("category", "")
            if category and _ok(category) and category not in CATEGORIES and fold(category) not in unknown_categories:
                unknown_categories.add(fold(category))
                self.report.warn("row.unknown_category", "aktører", number, "kategori", category)
            if ok and _all_ok(values):
                out.append(Actor(**values))
        self._check_cycles(rows)
        return out

    def _check_cycles(self, rows: Rows) -> None:
        parent = {v["id"]: v.get("belongs_to", "") for _, v in rows}
        row_of = {v["id"]: n for n, v in rows}
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in parent:
            path: list[str] = []
            node = start
            while node and _ok(node) and node in parent and state.get(node) is None:
                state[node] = 1
                path.append(node)
                node = parent[node]
            if node in path:
                cycle = path[path.index(node):]
                first = min(cycle, key=lambda i: row_of[i])
                at = cycle.index(first)
                ring = cycle[at:] + cycle[:at] + [first]
                self.report.error("row.belongs_to_cycle", "aktører", row_of[first], "tilhører", first,
                                  cycle=" → ".join(f"«{i}»" for i in ring))
            for visited in path:
                state[visited] = 2

    def forums(self, rows: Rows) -> list[Forum]:
        out: list[Forum] = []
        for number, values in rows:
            ok = self.check_ages("fora", number, values)
            ok = self.check_ref("fora", number, "leader", values.get("leader", ""), "aktører") and ok
            hours = values.get("duration_hours")
            if hours is not None and _ok(hours) and not 0 <= hours <= MAX_MEETING_HOURS:
                key = "row.negative_duration" if hours < 0 else "row.duration_too_long"
                self.report.error(key, "fora", number, "varighet_timer", hours,
                                  hours=written_number(hours, 2) if abs(hours) < 1e12 else f"{hours:.3g}",
                                  limit=MAX_MEETING_HOURS)
                ok = False
            ok = self._check_forwards_to(number, values) and ok
            if ok and _all_ok(values):
                out.append(Forum(**values))
        self._check_forwarding_cycles(out, {v["id"]: n for n, v in rows})
        return out

    def _check_forwards_to(self, number: int, values: dict[str, Any]) -> bool:
        """Each ``videre_til`` names another existing forum."""
        targets = values.get("forwards_to", ())
        if not _ok(targets):
            return False
        ok = True
        for target in targets:
            if target == values.get("id"):
                self.report.error("row.forwards_to_self", "fora", number, "videre_til", target, forum=target)
                ok = False
            else:
                ok = self.check_ref("fora", number, "forwards_to", target, "fora") and ok
        return ok

    def _check_forwarding_cycles(self, forums: list[Forum], row_of: dict[str, int]) -> None:
        """Forums whose ``videre_til`` lead round in a ring: one warning per ring (linear time)."""
        import networkx as nx

        G = nx.DiGraph((f.id, t) for f in forums for t in f.forwards_to)
        rings = [c for c in nx.strongly_connected_components(G) if len(c) > 1]
        for ring in sorted(rings, key=lambda c: min(row_of.get(i, 0) for i in c))[:20]:
            ids = sorted(ring, key=lambda i: row_of.get(i, 0))
            self.report.warn("row.forwards_to_cycle", "fora", row_of.get(ids[0], 0), "videre_til", ids[0],
                             cycle=" → ".join(f"«{i}»" for i in [*ids, ids[0]]))

    def memberships(self) -> list[Membership]:
        out: list[Membership] = []
        seen: dict[tuple[str, str, str], int] = {}  # one row per forum, actor and group
        for number, values in self.parsed["deltakelse"]:
            forum, actor = values.get("forum", ""), values.get("actor", "")
            ok = True
            for field, value, target in (("forum", forum, "fora"), ("actor", actor, "aktører")):
                if _ok(value) and not value:
                    self.report.error("row.empty_ref", "deltakelse", number, _column("deltakelse", field))
                    ok = False
                else:
                    ok = self.check_ref("deltakelse", number, field, value, target) and ok
            if not ok or not _all_ok(values):
                continue
            key = (forum, actor, values.get("recorded_by", ""))
            if key in seen:
                self.report.warn("row.duplicate_membership", "deltakelse", number, "aktør", actor,
                                 forum=forum, actor=actor, first_row=seen[key])
                continue
            seen[key] = number
            out.append(Membership(**values))
        return out

    def relations(self) -> list[Relation]:
        out: list[Relation] = []
        for number, values in self.parsed["relasjoner"]:
            ok = True
            for field in ("source", "target"):
                value = values.get(field, "")
                if _ok(value) and not value:
                    self.report.error("row.empty_ref", "relasjoner", number, _column("relasjoner", field))
                    ok = False
                else:
                    ok = self.check_ref("relasjoner", number, field, value, "aktører") and ok
            ok = self.check_ref("relasjoner", number, "routine", values.get("routine", ""), "rutiner") and ok
            if not ok or not _all_ok(values):
                continue
            if values["source"] == values["target"]:
                self.report.warn("row.self_relation", "relasjoner", number, "til", values["target"],
                                 actor=values["target"])
                continue
            out.append(Relation(**values))
        return out

    def routines(self, rows: Rows) -> list[Routine]:
        out: list[Routine] = []
        for number, values in rows:
            ok = self.check_ref("rutiner", number, "responsible", values.get("responsible", ""), "aktører")
            parties = values.get("parties", ())
            if _ok(parties):
                for party in parties:
                    ok = self.check_ref("rutiner", number, "parties", party, "aktører") and ok
            if ok and _all_ok(values):
                out.append(Routine(**values))
        return out

    def expectations(self, categories: set[str]) -> list[Expectation]:
        out: list[Expectation] = []
        for number, values in self.parsed["forventninger"]:
            ok = True
            for field in ("a", "b"):
                value = values.get(field, "")
                if _ok(value) and not value:
                    self.report.error("row.empty_side", "forventninger", number, field)
                    ok = False
                elif _ok(value) and value not in self.actor_ids:
                    canonical = next((c for c in CATEGORIES if fold(c) == fold(value)), None)
                    if canonical:
                        values[field] = canonical
                    elif value not in categories:
                        self.report.warn("row.unknown_side", "forventninger", number, field, value)
            if ok and _all_ok(values):
                out.append(Expectation(**values))
        return out

    def info(self) -> MapInfo:
        rows = self.parsed["om"]
        if not rows:
            return MapInfo()
        if len(rows) > 1:
            self.report.warn("row.info_extra_rows", "om", rows[1][0])
        number, values = rows[0]
        ok = self.check_ages("om", number, values)
        return MapInfo(**values) if ok and _all_ok(values) else MapInfo()


def _positions(builder: _Builder) -> tuple[Position, ...]:
    """Saved positions of known actors and forums (one per id, the last row wins)."""
    known = builder.actor_ids | builder.forum_ids
    out: dict[str, Position] = {}
    for number, values in builder.parsed["posisjoner"]:
        if not _all_ok(values) or not values.get("id"):
            continue
        if values["id"] not in known:
            builder.report.warn("row.unknown_position", "posisjoner", number, "id", values["id"])
            continue
        out[values["id"]] = Position(**values)
    return tuple(out.values())


def build_map(parsed: dict[str, Rows], report: Report, *, actors_present: bool) -> CollaborationMap:
    """The model of ``parsed`` rows; every problem goes to ``report``."""
    builder = _Builder(parsed, report)
    actor_rows, builder.actor_ids = builder._identified("aktører", shared_space=True)
    forum_rows, builder.forum_ids = builder._identified("fora", shared_space=True)
    routine_rows, builder.routine_ids = builder._identified("rutiner", shared_space=False)
    if not actors_present:
        report.error("table.no_actor_table")
    elif not parsed["aktører"]:  # an empty map loads (the app makes them); say what is missing
        report.warn("table.no_actors", "aktører")
    actors = builder.actors(actor_rows)
    builder.check_rejected()
    categories = {a.category for a in actors if a.category}
    forums = tuple(builder.forums(forum_rows))
    memberships, membership_voices = settle_memberships(builder.memberships())
    relations, relation_voices = settle_relations(builder.relations())
    return CollaborationMap(
        actors=tuple(actors),
        forums=forums,
        memberships=memberships,
        relations=relations,
        membership_voices=membership_voices,
        relation_voices=relation_voices,
        routines=tuple(builder.routines(routine_rows)),
        expectations=tuple(builder.expectations(categories)),
        info=builder.info(),
        positions=_positions(builder),
    )
