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
