"""The slide form (new and edit pages) and the choices it offers: the team's members as
presenters, and the team's figures grouped by the provider that draws them, the slide's
suggested provider first."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField

from ..forms import TypedTextAreaField, choices
from .slide_fields import SlideValues
from .timing import minutes_field

PROVIDER_LABELS = {"stakeholders": "Stakeholders", "process_maps": "Process maps", "qi": "Quality improvement",
                   "report": "Report"}


class SlideForm(FlaskForm):
    title = StringField("Title")
    body = TypedTextAreaField("Bullet points", description="One bullet a line, starting with a dash (-). "
                                                           "Indent a line by two spaces for a sub-point. "
                                                           "You can use **bold** and *italic*.")
    notes = TypedTextAreaField("Speaker notes", description="What the presenter says: shown in the rehearsal view and in the PowerPoint notes.")
    presenter_id = SelectField("Presenter", choices=[], validate_choice=False)
    minutes = StringField("Minutes", description="For example 2, 1.5 or 1:30.")
    figure_key = SelectField("Figure", choices=[], validate_choice=False,
                             description="A figure from your team's work, shown on the slide.")
    base_version = HiddenField()
    after_id = HiddenField()

    def values(self) -> dict:
        return {"title": self.title.data, "body": self.body.data, "notes": self.notes.data,
                "presenter_id": self.presenter_id.data, "minutes": self.minutes.data,
                "figure_key": self.figure_key.data}


def form_from(values: SlideValues, version: int | None = None) -> SlideForm:
    return SlideForm(formdata=None, data={
        "title": values.title, "body": values.body, "notes": values.notes,
        "presenter_id": str(values.presenter_id or ""), "minutes": minutes_field(values.seconds),
        "figure_key": values.figure_key or "", "base_version": "" if version is None else str(version)})


def set_presenters(form: SlideForm, members: list[tuple[int, str]], names: dict[int, str]) -> None:
    pairs = [("", "No presenter yet")] + [(str(uid), name) for uid, name in members]
    chosen = form.presenter_id.data
    member_ids = {str(uid) for uid, _ in members}
    if chosen and chosen not in member_ids and chosen.isdigit() and int(chosen) in names:
        pairs.append((chosen, f"{names[int(chosen)]} (no longer a member)"))
    form.presenter_id.choices = choices(pairs)


def figure_groups(figures, hint: str | None, current_key: str | None, current_caption: str | None):
    """[(group label, [(key, caption), ...])] for the figure picker: the slide's suggested
    provider first, then the others in the report's order; a chosen figure that the team's work
    no longer draws stays offered (saving it unchanged keeps it)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for choice in figures:
        groups.setdefault(choice.provider, []).append((choice.key, choice.caption or choice.key))
    order = sorted(groups, key=lambda provider: provider != hint)  # stable: the hint first
    result = [(PROVIDER_LABELS.get(p, p.replace("-", " ").capitalize()), groups[p]) for p in order]
    if current_key and all(current_key != key for _, options in result for key, _c in options):
        result.insert(0, ("Chosen before", [(current_key, f"{current_caption or current_key} (no longer in your work)")]))
    return result
