"""Demo content for the presentation: Team Harbour's deck well under way (every slide written,
presenters spread over the four members, 19 min 30 s against the 20-minute slot, notes, and the
stakeholder grid, the current-state map, the driver diagram and a run chart on their slides),
and Team Meridian's smaller, finished deck, which its submission freezes (so `seed_presentation`
runs before `seed_assessment`).

The slides start from the outline (layout.ensure_deck) and are then rewritten here, each as a
second revision, so every slide has SlideRevision versions 1..n like one saved in the app.
Figures are chosen by what the parts registry offers the team (`figure_choices`), so the keys
are those a person would pick, whatever ids the demo's records got.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..exports.parts import figure_choices
from ..extensions import db
from ..models import Team, User, utcnow
from .layout import ensure_deck
from .models import SlideRevision
from .queries import slides_of


@dataclass(frozen=True)
class DemoSlide:
    presenter: str  # the member's e-mail address before the @
    seconds: int
    body: str
    notes: str
    figure: str | None = None  # "grid", "current map", "drivers" or "chart"
    title: str | None = None  # None keeps the outline's title


HARBOUR = [
    DemoSlide("aisha.khan", 60,
              "- Team Harbour: Aisha Khan, Tom Whitfield, Grace Okafor, Dylan Evans\n"
              "- Host partner: Riverside University Hospitals NHS Foundation Trust\n- Cohort 7 of the programme",
              "Welcome the panel. One sentence: we set out to find why people who are medically fit wait days to go home, "
              "and to test what shortens that wait."),
    DemoSlide("aisha.khan", 120,
              "- Riverside runs two acute sites and 180 medical beds\n"
              "- **42 people a day** are medically fit but still in hospital\n"
              "  - median wait from fit to discharge: *4.5 days*\n"
              "- Winter pressures start in October: every bed day counts",
              "Use Helen Marsh's words from the first meeting: 'the ward knows on Monday, the discharge happens on Friday'. "
              "Stress the harm of waiting: deconditioning, infections, lost independence."),
    DemoSlide("tom.whitfield", 105,
              "- **People**: patients over 75, families, ward and therapy staff, social workers\n"
              "- **Purpose**: home sooner, safely, with the right support\n"
              "- **Place**: wards 7 and 9 and the discharge lounge\n"
              "- **Priorities**: packages of care first; out of scope: community hospital beds",
              "Walk through the Start Anywhere canvas quickly: the panel has read the report."),
    DemoSlide("tom.whitfield", 120,
              "- Eight stakeholders mapped by power and interest\n"
              "- The social care brokerage team moved from *resistant* to **supportive**\n"
              "- Families were the group we heard least from",
              "Point at the top-right quadrant. Tell the brokerage story: one joint huddle changed the conversation.",
              "grid"),
    DemoSlide("grace.okafor", 150,
              "- 14 steps across 6 lanes from 'medically fit' to 'home'\n"
              "- Three hand-offs wait for a form to be re-keyed\n"
              "- **Value-added time: 11%** of the lead time",
              "Name the two longest waits on the map: the package-of-care request and the brokerage search.",
              "current map"),
    DemoSlide("grace.okafor", 150,
              "- Aim: cut the wait from fit to discharge from 4.5 to 2 days by March\n"
              "- Three primary drivers, eight change ideas\n"
              "- PDSA 1: a discharge checklist on ward 7, one week\n"
              "  - PDSA 2: both wards, with the daily huddle",
              "Say what we predicted before each cycle and what actually happened; the checklist's first version was too long.",
              "drivers"),
    DemoSlide("dylan.evans", 150,
              "- The XmR chart shows a **shift**: every week since the trusted assessor below the old mean\n"
              "- Checklist done for 8 in 10 discharges by week 6\n"
              "- Balancing measure: 30-day readmissions *unchanged*",
              "Call it a signal of improvement and say why: a shift, then new limits from October. Readmissions are the balance.",
              "chart"),
    DemoSlide("dylan.evans", 120,
              "- Make the checklist part of the morning board round on every medical ward\n"
              "- One shared referral form for health and social care\n"
              "- Measure it monthly: days from fit to discharge, and readmissions",
              "Each recommendation has an owner at Riverside: the deputy chief nurse for the first two."),
    DemoSlide("aisha.khan", 90,
              "- Leading without authority: we asked, we never told\n"
              "- The huddle worked because social care chaired it\n"
              "- Next time: bring families in from the first week",
              "Personal reflections, two of us in turn. Link to the framework's 'working across boundaries' domain."),
    DemoSlide("tom.whitfield", 60,
              "- Riverside's improvement team takes the checklist on from April\n"
              "- We hand over the run chart and the data definitions",
              "Helen Marsh has agreed the handover; say so."),
    DemoSlide("grace.okafor", 45, "- Thank you\n- Questions and discussion",
              "Everyone stands. Grace chairs the questions and passes each to whoever led that part."),
]

MERIDIAN_KEEP = (1, 2, 4, 5, 7, 8, 11)  # the outline's slides Meridian kept, in order
MERIDIAN = [
    DemoSlide("marcus.bell", 60, "- Team Meridian\n- Host partner: Northgate Primary Care Network",
              "Introduce the team and Dr Ravi Patel's network."),
    DemoSlide("marcus.bell", 150,
              "- Five practices, five ways of referring a frail patient\n- About **twenty days** from referral to first home visit",
              "Open with the case of Mrs D., which the host partner shared with permission."),
    DemoSlide("fatima.hussain", 150, "- Twenty-six stakeholders, most of them keen\n- The practice managers hold the key",
              "The grid shows why we worked through the practice managers' meeting.", "grid"),
    DemoSlide("oliver.grant", 180, "- 15 steps, six lanes, two faxes\n- The triage step waits for a weekly meeting",
              "Trace one referral across the map.", "current map"),
    DemoSlide("niamh.doyle", 180, "- Referral to first home visit: from about 20 days to about 10\n- Two of three points near the lower limit: a signal of improvement",
              "Say what the chart shows, and what it does not yet.", "chart"),
    DemoSlide("niamh.doyle", 150, "- One referral form for all five practices\n- Triage daily, not weekly",
              "The network board has agreed both."),
    DemoSlide("fatima.hussain", 60, "- Thank you\n- Questions", "Fatima chairs the questions."),
]


def _figures(team) -> dict[str, tuple[str, str]]:
    """What each demo figure name is among the team's figures: (key, caption)."""
    found: dict[str, tuple[str, str]] = {}
    for choice in figure_choices(team, "team"):
        key = choice.key
        if key == "stakeholders/grid":
            found.setdefault("grid", (key, choice.caption))
        elif key.startswith("process_maps/") and "current state" in choice.caption and not key.endswith("-part-2"):
            found.setdefault("current map", (key, choice.caption))
        elif key == "qi/driver-diagram":
            found.setdefault("drivers", (key, choice.caption))
        elif key.startswith("qi/measure-"):
            found.setdefault("chart", (key, choice.caption))
    return found


def _short(caption: str) -> str:
    """A slide's caption: the figure's own up to its first colon or semicolon, briefly."""
    for mark in (";", ":"):
        if mark in caption and caption.index(mark) > 12:
            caption = caption[: caption.index(mark)]
    return caption[:120]


def _write(team: Team, specs: list[DemoSlide], keep: tuple[int, ...] | None = None) -> None:
    ensure_deck(team)
    slides = slides_of(team)
    if keep is not None:
        now = utcnow()
        for position, slide in enumerate(slides, start=1):
            if position not in keep:
                slide.deleted_at = now
        slides = [s for position, s in enumerate(slides, start=1) if position in keep]
        for position, slide in enumerate(slides, start=1):
            slide.position = position
    people = {u.email.split("@")[0]: u for u in db.session.scalars(select(User))}
    figures = _figures(team)
    now = utcnow()
    for slide, spec in zip(slides, specs, strict=False):
        presenter = people.get(spec.presenter)
        slide.title = spec.title or slide.title
        slide.body, slide.notes, slide.seconds = spec.body, spec.notes, spec.seconds
        slide.presenter_id = presenter.id if presenter else None
        figure = figures.get(spec.figure) if spec.figure else None
        slide.figure_key = figure[0] if figure else None
        slide.figure_caption = _short(figure[1]) if figure else None
        slide.version += 1
        slide.updated_at, slide.updated_by_id = now, slide.presenter_id
        db.session.add(SlideRevision(
            slide_id=slide.id, team_id=team.id, version=slide.version, title=slide.title, body=slide.body,
            notes=slide.notes, presenter_id=slide.presenter_id, seconds=slide.seconds, figure_key=slide.figure_key,
            author_id=slide.presenter_id, created_at=now, kind="save"))
    db.session.commit()


def seed_presentation() -> None:
    for name, specs, keep in (("Team Harbour", HARBOUR, None), ("Team Meridian", MERIDIAN, MERIDIAN_KEEP)):
        team = db.session.scalar(select(Team).where(Team.name == name))
        if team is not None:
            _write(team, specs, keep)
