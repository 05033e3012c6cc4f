"""Text is cleaned where it enters: what can spoof a reader goes, what real text needs stays."""

from __future__ import annotations

from workspace.cleaning import clean_line, clean_multiline


def test_long_text_loses_bidi_overrides_but_keeps_scripts_and_emoji():
    typed = "Invoice\u202egpj.exe \u2066x\u2069 مرحبا שלום 👩\u200d💻\tend"
    cleaned = clean_multiline(typed)
    assert "\u202e" not in cleaned and "\u2066" not in cleaned and "\u2069" not in cleaned
    assert "مرحبا" in cleaned and "שלום" in cleaned and "👩\u200d💻" in cleaned and "\tend" in cleaned


def test_one_line_text_loses_every_invisible_character():
    assert clean_line("Team\u202e Harbour\u200b") == "Team Harbour"


def test_one_line_text_keeps_joiners_only_where_they_join():
    """Persian and Indic names and emoji sequences need the zero-width (non-)joiner; beside
    ASCII, spaces or the ends of a name it only hides a difference."""
    assert clean_line("می\u200cخواهم") == "می\u200cخواهم"
    assert clean_line("क्\u200dष") == "क्\u200dष"
    assert clean_line("Lead 👩\u200d⚕️ nurse") == "Lead 👩\u200d⚕️ nurse"
    assert clean_line("Ali\u200dce") == "Alice"
    assert clean_line("\u200d\u200cRavi\u200d ") == "Ravi"
    assert clean_line("ए\u200d\u200d\u200dब") == "ए\u200dब"  # a run of joiners is one


def test_names_that_differ_only_by_joiners_are_the_same_name():
    from workspace.models import name_key

    assert name_key("مي\u200cخ") == name_key("ميخ")
    assert name_key("Team 👩\u200d⚕️") == name_key("team 👩⚕️")
    assert name_key("Team Harbour") != name_key("Team Harbor")


def test_a_typed_textarea_cleans_what_was_typed_but_not_what_is_shown():
    """Stored text was cleaned when saved: showing it must not pay for cleaning it again, while
    what a person submits is still cleaned."""
    from werkzeug.datastructures import MultiDict
    from wtforms import Form

    from workspace.forms import TypedTextAreaField

    calls = []

    def shout(value):
        calls.append(value)
        return (value or "").upper()

    class NoteForm(Form):
        body = TypedTextAreaField("Body", filters=[shout])

    shown = NoteForm(formdata=None, body="stored text")
    assert shown.body.data == "stored text" and calls == []
    assert shown.body.type == "TextAreaField"  # the field macro draws it as a textarea
    typed = NoteForm(formdata=MultiDict({"body": "typed text"}))
    assert typed.body.data == "TYPED TEXT" and calls == ["typed text"]
    assert NoteForm(formdata=None, body="again").body.data == "again"  # filters restored, not lost
    assert NoteForm(formdata=MultiDict({"body": "x"})).body.data == "X"
