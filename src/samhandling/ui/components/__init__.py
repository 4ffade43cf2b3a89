"""Our own Streamlit components: the clickable vis-network map and plain-text helpers."""

from samhandling.ui.components.network import MapEvent, network_map
from samhandling.ui.components.text import bullet_list, plain, say

__all__ = ["MapEvent", "network_map", "plain", "say", "bullet_list"]
