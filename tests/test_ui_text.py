"""Text helpers of the app: user text shown as plain text, long lists cut short."""

from __future__ import annotations

from samhandling.ui.components import bullet_list, plain


def test_a_name_with_markdown_shows_as_typed():
    assert plain("[klikk](http://evil.example) *fet*") == "\\[klikk\\]\\(http\\:\u2060\\/\\/evil\\.example\\) \\*fet\\*"


def test_a_bare_web_or_mail_address_is_not_turned_into_a_link():
    # GFM links "https://", "www." and "a@b.c" even when escaped; a word joiner (U+2060) breaks them up.
    assert plain("www.vg.no post@nav.no HTTPS://x.no") == (
        "www\u2060\\.vg\\.no post\\@\u2060nav\\.no HTTPS\\:\u2060\\/\\/x\\.no"
    )


def test_say_keeps_the_sentence_and_shows_every_value_as_plain_text():
    from samhandling.ui.components import say

    assert say("ui_data.saved_new", name="*Fjord* :red[x]") == "Kartet «\\*Fjord\\* \\:red\\[x\\]» er lagret og valgt."


def test_a_long_list_is_one_markdown_list_that_says_how_many_more_there_are():
    text = bullet_list([f"Funn {i}" for i in range(250)], limit=200)
    lines = text.split("\n")
    assert len(lines) == 201
    assert lines[0] == "- Funn 0" and lines[199] == "- Funn 199"
    assert lines[-1] == r"- … og 50 til"


def test_a_short_list_has_no_more_line():
    assert bullet_list(["Barnevern <b>", "PPT"]) == "- Barnevern \\<b\\>\n- PPT"
