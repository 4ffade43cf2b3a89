"""Links the workshop groups see differently, drawn as disputed rather than as facts.

The map draws what every group agrees on (``CollaborationMap.memberships`` and
``relations``); a membership or relation two groups entered differently
(:func:`samhandling.analysis.disagreements.disputed_links`) is drawn dashed in its
own colour, with each group's view in its hover text — also when the agreed
reading has no such link (a group said it does not exist).
"""

from __future__ import annotations

from samhandling.analysis.disagreements import disputed_links
from samhandling.maps.text import _t
from samhandling.maps.view import _Edge
from samhandling.model import CollaborationMap, Relation, relation_key

__all__ = ["disputed_edges", "DISPUTED_COLOUR", "DISPUTED_DASHES"]

DISPUTED_COLOUR = "#D55E00"  # Okabe–Ito vermillion: a question, not a fact
DISPUTED_DASHES = [10, 6]


def disputed_edges(
    cmap: CollaborationMap, node_ids: set[str], edges: list[_Edge]
) -> tuple[list[_Edge], dict[str, str]]:
    """``edges`` plus the disputed links they lack, and edge id -> the hover lines naming the groups.

    Only the two-mode picture (actors and forums) has membership and relation edges.
    """
    if not (cmap.membership_voices or cmap.relation_voices):
        return edges, {}
    out = list(edges)
    ids = {e.id for e in edges}
    titles: dict[str, str] = {}
    for dispute in disputed_links(cmap):
        if not set(dispute.ids) <= node_ids:
            continue
        hover = "\n" + _t("maps.title.disputed") + "".join(f"\n– {line}" for line in dispute.says)
        if dispute.link == "deltakelse":
            forum, actor = dispute.ids
            edge_id = f"m:{forum}|{actor}"
            if edge_id not in ids:
                role = next(v["rolle"] for v in dispute.voices if v["finnes"])
                out.append(_Edge(edge_id, actor, forum, "membership", {"role": role}))
                ids.add(edge_id)
            titles[edge_id] = hover
            continue
        marked = [e.id for e in out if e.kind == "relation" and relation_key(e.data["relation"]) == dispute.ids]
        if not marked:
            link = next(v["relasjoner"][0] for v in dispute.voices if v["finnes"])
            relation = Relation(link["fra"], link["til"], link["type"])
            edge_id = f"r:{relation.source}|{relation.target}|{relation.type}#disputed"
            out.append(_Edge(edge_id, relation.source, relation.target, "relation", {"relation": relation}))
            marked = [edge_id]
        titles.update(dict.fromkeys(marked, hover))
    return out, titles
