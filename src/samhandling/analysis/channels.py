"""Channels between two actors: how a case can get from one to the other (``analysis.md``).

From strongest to weakest:

1. ``structured`` — a formalised relation, a shared mandated forum where both are
   standing members, or a routine in force naming both;
2. ``connection`` — any relation, or a shared forum where both are standing members;
3. ``indirect`` — no connection, but the structure carries cases: A is a standing
   member of a mandated forum F1 and B of a mandated forum F2, and either F1 reaches
   F2 through ``videre_til`` (in either direction, any number of steps), or some
   actor M sits as a standing member in both (M is the *bindeledd*);
4. ``weak`` — only shared forums where A or B is ``ved_behov``/``observator``
   (not a channel: "invited when needed" is what municipalities report as not working);
5. ``none``.

:class:`Channels` answers these questions for many pairs of one map; every set it
builds is cached per forum or per actor, so the cost is linear in what is asked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import networkx as nx

from samhandling.model import CollaborationMap
from samhandling.vocabulary import STANDING_ROLES

__all__ = ["Channels", "CHANNELS", "STRUCTURED", "CONNECTION", "INDIRECT", "WEAK", "NONE"]

STRUCTURED, CONNECTION, INDIRECT, WEAK, NONE = "structured", "connection", "indirect", "weak", "none"
_EMPTY: dict[str, Any] = {}
CHANNELS: tuple[str, ...] = (STRUCTURED, CONNECTION, INDIRECT, WEAK, NONE)


class Channels:
    """The channels between the actors of one map.

    Parameters
    ----------
    cmap : CollaborationMap
    G_strong : networkx.Graph
        The map's collaboration network without weak edges
        (:func:`~samhandling.graph.collaboration_network` with ``include_weak=False``).

    Examples
    --------
    >>> from samhandling.model import Actor, Forum, Membership
    >>> from samhandling.graph import collaboration_network
    >>> cmap = CollaborationMap(
    ...     actors=(Actor("bhg", "Barnehage"), Actor("hs", "Helsestasjon"), Actor("bv", "Barnevern")),
    ...     forums=(Forum("lokalt", "Lokalt team", has_mandate=True),
    ...             Forum("drofting", "Drøftingsteam", has_mandate=True)),
    ...     memberships=(Membership("lokalt", "bhg"), Membership("lokalt", "hs"),
    ...                  Membership("drofting", "hs"), Membership("drofting", "bv")))
    >>> ch = Channels(cmap, collaboration_network(cmap, include_weak=False))
    >>> ch.channel("bhg", "bv"), ch.path("bhg", "bv")["actors"]
    ('indirect', ['hs'])
    """

    def __init__(self, cmap: CollaborationMap, G_strong: nx.Graph) -> None:
        self.cmap = cmap
        self._adj = G_strong._adj  # plain dicts: asked once per expected pair
        mandated = {f.id for f in cmap.forums if f.has_mandate}
        self._standing_in: dict[str, set[str]] = {}  # actor -> mandated forums where it is standing
        self._members: dict[str, set[str]] = {}  # mandated forum -> standing members
        self._any_forums: dict[str, set[str]] = {}  # actor -> every forum, any role
        for m in cmap.memberships:
            self._any_forums.setdefault(m.actor, set()).add(m.forum)
            if m.forum in mandated and m.role in STANDING_ROLES:
                self._standing_in.setdefault(m.actor, set()).add(m.forum)
                self._members.setdefault(m.forum, set()).add(m.actor)
        self._down: dict[str, tuple[str, ...]] = {f.id: f.forwards_to for f in cmap.forums}
        up: dict[str, list[str]] = {}
        for f in cmap.forums:
            for target in f.forwards_to:
                up.setdefault(target, []).append(f.id)
        self._up = {k: tuple(v) for k, v in up.items()}
        self._mandated = mandated
        self._linked: dict[str, frozenset[str]] = {}
        self._reach: dict[str, frozenset[str]] = {}

    # -- what kind of channel ----------------------------------------------------------

    def channel(self, u: str, v: str) -> str:
        """The strongest channel between actors ``u`` and ``v`` (one of :data:`CHANNELS`)."""
        direct = self.connected(u, v)
        if direct is not None:
            return direct
        if self.indirect(u, v):
            return INDIRECT
        if self.weak_forums(u, v):
            return WEAK
        return NONE

    def connected(self, u: str, v: str) -> str | None:
        """``structured`` or ``connection`` when ``u`` and ``v`` are connected, else ``None``."""
        edge = self._adj.get(u, _EMPTY).get(v)
        if edge is None or edge.get("weak", False):
            return None
        return STRUCTURED if edge["structured"] else CONNECTION

    def classifier(self) -> Callable[[str, str], tuple[str, tuple[str, ...]]]:
        """A function ``(u, v) -> (channel, weak forums)`` for asking about many pairs.

        The same answer as :meth:`channel` (and :meth:`weak_forums` when the channel is
        ``weak``, else ``()``), with the lookups bound once: the expected pairs of a
        country map ask half a million times.
        """
        adj_get = self._adj.get
        standing_get = self._standing_in.get
        any_get = self._any_forums.get
        linked = self._linked_to_actor

        def classify(u: str, v: str) -> tuple[str, tuple[str, ...]]:
            edge = adj_get(u, _EMPTY).get(v)
            if edge is not None and not edge.get("weak", False):
                return (STRUCTURED if edge["structured"] else CONNECTION), ()
            theirs = standing_get(v)
            if theirs and standing_get(u) and not linked(u).isdisjoint(theirs):
                return INDIRECT, ()
            mine, others = any_get(u), any_get(v)
            if mine and others and not mine.isdisjoint(others):  # no set made for most pairs
                return WEAK, tuple(sorted(mine & others))
            return NONE, ()

        return classify

    def edge(self, u: str, v: str) -> dict[str, Any] | None:
        """The collaboration edge between ``u`` and ``v`` (attributes ``structured``, ``forums``,
        ``relations``), or ``None``."""
        return self._adj.get(u, {}).get(v)

    def indirect(self, u: str, v: str) -> bool:
        """True when a mandated forum of ``u`` is linked to a mandated forum of ``v``."""
        theirs = self._standing_in.get(v)
        if not theirs or not self._standing_in.get(u):
            return False
        return not self._linked_to_actor(u).isdisjoint(theirs)

    def weak_forums(self, u: str, v: str) -> tuple[str, ...]:
        """Forums both sit in in any role (for an unconnected pair: the weak ones), sorted."""
        mine = self._any_forums.get(u)
        theirs = self._any_forums.get(v)
        if not mine or not theirs:
            return ()
        return tuple(sorted(mine & theirs))

    # -- the path of an indirect channel ----------------------------------------------

    def path(self, u: str, v: str) -> dict[str, Any] | None:
        """How a case gets from ``u`` to ``v`` through the structure, or ``None``.

        Returns ``{"how": "videre_til"|"bindeledd", "forums": [F1, ..., F2], "actors": [M, ...]}``:
        the forums on the way (from ``u``'s forum to ``v``'s) and, for a bindeledd, the
        actors that sit as standing members in both end forums. A ``videre_til`` route
        is preferred; ties are broken by forum id, so the answer is stable.
        """
        mine = sorted(self._standing_in.get(u, ()))
        theirs = self._standing_in.get(v, set())
        best: dict[str, Any] | None = None
        for f1 in mine:
            for f2 in sorted(theirs & self._reach_of(f1)):
                route = self._route(f1, f2) or self._route(f2, f1)
                if route is not None and (best is None or len(route) < len(best["forums"])):
                    best = {"how": "videre_til", "forums": route, "actors": []}
        if best is not None:
            return best
        for f1 in mine:
            for f2 in sorted(theirs):
                if f2 == f1:
                    continue
                shared = sorted((self._members.get(f1, set()) & self._members.get(f2, set())) - {u, v})
                if shared:
                    return {"how": "bindeledd", "forums": [f1, f2], "actors": shared}
        return None

    # -- internals ----------------------------------------------------------------------

    def _reach_of(self, forum: str) -> frozenset[str]:
        """Mandated forums reached from ``forum`` along ``videre_til``, either direction."""
        cached = self._reach.get(forum)
        if cached is None:
            cached = self._reach[forum] = frozenset(
                (self._walk(forum, self._down) | self._walk(forum, self._up)) & self._mandated
            )
        return cached

    def _linked_to_forum(self, forum: str) -> frozenset[str]:
        cached = self._linked.get(forum)
        if cached is None:
            linked = set(self._reach_of(forum))
            for member in self._members.get(forum, ()):
                linked |= self._standing_in.get(member, set())
            linked.discard(forum)
            cached = self._linked[forum] = frozenset(linked)
        return cached

    def _linked_to_actor(self, actor: str) -> frozenset[str]:
        key = "\x00" + actor
        cached = self._linked.get(key)
        if cached is None:
            out: set[str] = set()
            for forum in self._standing_in.get(actor, ()):
                out |= self._linked_to_forum(forum)
            cached = self._linked[key] = frozenset(out)
        return cached

    @staticmethod
    def _walk(start: str, edges: dict[str, tuple[str, ...]]) -> set[str]:
        seen: set[str] = set()
        queue = deque(edges.get(start, ()))
        while queue:
            node = queue.popleft()
            if node in seen or node == start:
                continue
            seen.add(node)
            queue.extend(edges.get(node, ()))
        return seen

    def _route(self, start: str, goal: str) -> list[str] | None:
        """The shortest ``videre_til`` route from ``start`` to ``goal`` (forum ids), or ``None``."""
        previous: dict[str, str] = {start: ""}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                route = [node]
                while previous[route[-1]]:
                    route.append(previous[route[-1]])
                return route[::-1]
            for nxt in sorted(self._down.get(node, ())):
                if nxt not in previous:
                    previous[nxt] = node
                    queue.append(nxt)
        return None
