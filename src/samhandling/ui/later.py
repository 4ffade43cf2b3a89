"""Work done after the script run (a deferred download), in the session's language.

Streamlit makes a deferred download in a thread of its own when the button is
clicked. The language chosen in the sidebar is a context variable of the script
run, so :func:`later` carries a copy of the run's context over to that thread.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

__all__ = ["later"]


def later(make: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    """``make(*args)`` when called, in the context (language) of the run that asked for it."""
    context = contextvars.copy_context()
    return lambda: context.copy().run(make, *args)
