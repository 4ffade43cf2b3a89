"""Text helpers of the app: user text shown as plain text, long lists cut short."""

from __future__ import annotations

from samhandling.ui.components import bullet_list, plain


def test_a_name_with_markdown_shows_as_typed():
    assert plain("[klikk](http://evil.example) *fet*") == r"\[klikk\]\(http\:\/\/evil\.example\) \*fet\*"


def test_a_long_list_is_one_markdown_list_that_says_how_many_more_there_are():
    text = bullet_list([f"Funn {i}" for i in range(250)], limit=200)
    lines = text.split("\n")
    assert len(lines) == 201
    assert lines[0] == "- Funn 0" and lines[199] == "- Funn 199"
    assert lines[-1] == r"- … og 50 til"


def test_a_short_list_has_no_more_line():
    assert bullet_list(["Barnevern <b>", "PPT"]) == "- Barnevern \\<b\\>\n- PPT"
