"""Documents built from parts: the Word report, its review copy, the export settings.

This package imports no feature. Features plug in through `parts.register_parts` (see
parts.py); the report registers its sections, word count and comments that way.

Public: `build_report_docx(team, audience, *, review_copy=False, draft=True) -> BuildResult`
(word.py), `register_parts(name, fn, section=None)` and the part classes (parts.py).
"""
