"""Changes to a cohort's rubric (the facilitator's): bands and weighting, criteria added,
edited, moved and removed, a component's weights at once, and the whole rubric from the API.

Every change validates, audits ("rubric.changed" with what changed) and commits once; the
rubric row's version moves with every change, so two facilitators' edits cannot cross.

**The lock.** Once any marking exists for a team of the cohort, a change that would alter a
mark already given is refused (`RubricLocked`): bands, the report's weight, any criterion's
weight or highest score, adding or removing criteria. Wording (titles, guidance, descriptors)
and order stay open.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..cleaning import clean_line, cleaned_text
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Cohort, Team, User, utcnow
from . import rubric as arithmetic
from .models import COMPONENTS, MAX_CRITERIA, TEXT_MAX, TITLE_MAX, Marking, Rubric, RubricCriterion
from .rubric_defaults import criteria_of, ensure_rubric

LOCKED_MESSAGE = ("Marking has started in this cohort, so nothing that would change a mark already given can "
                  "change now: not the bands, the weighting, a criterion's weight or highest score, nor which "
                  "criteria there are. You can still change titles, guidance and descriptors.")
STALE_MESSAGE = "Someone else changed the rubric since you opened it. Nothing was saved: reload the page and make your change again."


class RubricLocked(ValidationProblem):
    """The change would alter marks already given (the API answers 409)."""

    def __init__(self, field: str = "rubric"):
        super().__init__({field: LOCKED_MESSAGE})


class RubricStale(ValidationProblem):
    """The change started from an older version of the rubric (the API answers 409)."""

    def __init__(self, field: str = "version"):
        super().__init__({field: STALE_MESSAGE})


def marking_started(cohort_id: int) -> bool:
    """Whether any assessor has started marking any team of the cohort (one statement)."""
    query = select(exists().where(Marking.team_id == Team.id, Team.cohort_id == cohort_id))
    return bool(db.session.scalar(query))


# --- validation ---------------------------------------------------------------------------------


def _text(value, label: str, limit: int, field: str, problems: dict, *, multiline=False, required=False) -> str:
    try:
        return cleaned_text(value, label, limit, multiline=multiline, required=required)
    except ValueError as exc:
        problems[field] = str(exc)
        return ""


def _number(value, problem, field: str, problems: dict):
    message = problem(value)
    if message:
        problems[field] = message
        return None
    return value


def clean_bands(bands: Any, problems: dict, field: str = "bands") -> list[dict]:
    """Bands as [{"name", "min"}], names cleaned, checked by the arithmetic's rules."""
    if not isinstance(bands, list):
        problems[field] = "bands must be a list of {name, min}"
        return []
    cleaned = []
    for band in bands:
        if not isinstance(band, Mapping):
            problems[field] = "Each band must have a name and a lowest mark."
            return []
        name = band.get("name")
        cleaned.append({"name": clean_line(name) if isinstance(name, str) else name, "min": band.get("min")})
    found = arithmetic.band_problems(cleaned)
    if found:
        problems[field] = found[0]
    return cleaned


def clean_report_weight(value, problems: dict, field: str = "report_weight") -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        problems[field] = "Enter the report's weight as a whole percent from 0 to 100."
        return None
    return value


def clean_descriptors(descriptors: Any, band_names: list[str], problems: dict, field_for) -> dict[str, str]:
    """A descriptor per current band (missing ones are empty); text beyond the limit refused."""
    if descriptors is None:
        descriptors = {}
    if not isinstance(descriptors, Mapping):
        problems[field_for(None)] = "descriptors must be an object of band name to text"
        return {}
    unknown = [k for k in descriptors if k not in band_names]
    if unknown:
        problems[field_for(None)] = f"There is no band called “{unknown[0]}”."
    out = {}
    for index, name in enumerate(band_names):
        out[name] = _text(descriptors.get(name, ""), f"The {name} descriptor", TEXT_MAX, field_for(index),
                          problems, multiline=True)
    return out


# --- bands and weighting ------------------------------------------------------------------------


def save_bands(cohort: Cohort, actor: User, bands: list[dict], report_weight, *, version=None) -> Rubric:
    """The bands (highest first) and the report's weight in the overall mark. Renaming a band
    keeps its descriptors (bands are matched by position when their number is unchanged)."""
    rubric = ensure_rubric(cohort)
    _check_version(rubric, version)
    problems: dict[str, str] = {}
    cleaned = clean_bands(bands, problems)
    weight = clean_report_weight(report_weight, problems)
    if problems:
        raise ValidationProblem(problems)
    if (cleaned != list(rubric.bands) or weight != rubric.report_weight) and marking_started(cohort.id):
        raise RubricLocked("bands")
    old_names = [b["name"] for b in rubric.bands]
    new_names = [b["name"] for b in cleaned]
    if old_names != new_names:
        for criterion in criteria_of(cohort.id):
            criterion.descriptors = _renamed(criterion.descriptors or {}, old_names, new_names)
    changed = {"bands": cleaned} if cleaned != list(rubric.bands) else {}
    if weight != rubric.report_weight:
        changed["report_weight"] = weight
    rubric.bands = cleaned
    rubric.report_weight = weight
    _commit(cohort, rubric, actor, "bands", **changed)
    return rubric


def _renamed(descriptors: dict, old: list[str], new: list[str]) -> dict:
    if len(old) == len(new):
        return {n: descriptors.get(o, "") for o, n in zip(old, new, strict=True)}
    return {n: descriptors.get(n, "") for n in new}


# --- criteria -------------------------------------------------------------------------------------


def save_criterion(cohort: Cohort, actor: User, criterion: RubricCriterion | None, component: str, *,
                   title, guidance, weight, max_score, descriptors: Mapping[int, str] | None,
                   version=None) -> RubricCriterion:
    """Add (criterion None) or edit a criterion. `descriptors` is {band index: text}, in the
    order of the rubric's bands (as the form has them). Weights need not add up to 100 after
    one criterion's change (the page shows the component is not ready; "edit weights" changes
    them all at once)."""
    rubric = ensure_rubric(cohort)
    _check_version(rubric, version)
    if component not in COMPONENTS:
        raise ValidationProblem({"component": "Choose the report or the presentation."})
    problems: dict[str, str] = {}
    title = _text(title, "Title", TITLE_MAX, "title", problems, required=True)
    guidance = _text(guidance, "Guidance", TEXT_MAX, "guidance", problems, multiline=True)
    weight = _number(weight, arithmetic.weight_problem, "weight", problems)
    max_score = _number(max_score, arithmetic.max_score_problem, "max_score", problems)
    names = [b["name"] for b in rubric.bands]
    texts = {}
    for index, name in enumerate(names):
        texts[name] = _text((descriptors or {}).get(index, ""), f"The {name} descriptor", TEXT_MAX,
                            f"descriptor_{index}", problems, multiline=True)
    siblings = [c for c in criteria_of(cohort.id) if c.component == component]
    if criterion is None and len(siblings) >= MAX_CRITERIA:
        problems["title"] = f"A component has at most {MAX_CRITERIA} criteria."
    if problems:
        raise ValidationProblem(problems)
    if marking_started(cohort.id) and (
            criterion is None or weight != criterion.weight or max_score != criterion.max_score):
        raise RubricLocked("weight" if criterion is not None and weight != criterion.weight
                           else "max_score" if criterion is not None else "title")
    created = criterion is None
    if created:
        criterion = RubricCriterion(cohort_id=cohort.id, component=component,
                                    position=max((c.position for c in siblings), default=0) + 1)
        db.session.add(criterion)
    changed = {k: v for k, v in (("title", title), ("guidance", guidance), ("weight", weight),
                                 ("max_score", max_score), ("descriptors", texts))
               if created or getattr(criterion, k) != v}
    criterion.title, criterion.guidance, criterion.weight = title, guidance, weight
    criterion.max_score, criterion.descriptors = max_score, texts
    db.session.flush()
    _commit(cohort, rubric, actor, "criterion added" if created else "criterion edited",
            criterion_id=criterion.id, component=component, fields=sorted(changed))
    return criterion


def move_criterion(cohort: Cohort, actor: User, criterion: RubricCriterion, direction: str) -> None:
    """Up or down within its component (order never changes a mark)."""
    rubric = ensure_rubric(cohort)
    rows = [c for c in criteria_of(cohort.id) if c.component == criterion.component]
    index = next(i for i, c in enumerate(rows) if c.id == criterion.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        row.position = position
    _commit(cohort, rubric, actor, "criterion moved", criterion_id=criterion.id, direction=direction)


def remove_criterion(cohort: Cohort, actor: User, criterion: RubricCriterion) -> None:
    rubric = ensure_rubric(cohort)
    if marking_started(cohort.id):
        raise RubricLocked("criterion")
    criterion_id, title, component = criterion.id, criterion.title, criterion.component
    db.session.delete(criterion)
    db.session.flush()
    rows = [c for c in criteria_of(cohort.id) if c.component == component]
    for position, row in enumerate(rows, start=1):
        row.position = position
    _commit(cohort, rubric, actor, "criterion removed", criterion_id=criterion_id, title=title, component=component)


def save_weights(cohort: Cohort, actor: User, component: str, weights: Mapping[int, Any], *, version=None) -> None:
    """Every criterion's weight in one component at once ({criterion id: weight}); they must add
    up to 100, so the component goes from one valid state to the next."""
    rubric = ensure_rubric(cohort)
    _check_version(rubric, version)
    rows = [c for c in criteria_of(cohort.id) if c.component == component]
    problems: dict[str, str] = {}
    for row in rows:
        _number(weights.get(row.id), arithmetic.weight_problem, f"weight_{row.id}", problems)
    if problems:
        raise ValidationProblem(problems)
    total = sum(weights[row.id] for row in rows)
    if rows and total != 100:
        name = arithmetic.COMPONENT_NAMES[component]
        raise ValidationProblem({f"weight_{rows[0].id}": f"The {name}'s weights add up to {total}%: they must add up to 100%."})
    changed = {row.id: weights[row.id] for row in rows if row.weight != weights[row.id]}
    if changed and marking_started(cohort.id):
        raise RubricLocked(f"weight_{rows[0].id}")
    for row in rows:
        row.weight = weights[row.id]
    _commit(cohort, rubric, actor, "weights", component=component, weights={str(k): v for k, v in changed.items()})


# --- the whole rubric (API) ---------------------------------------------------------------------


def replace_rubric(cohort: Cohort, actor: User, data: Mapping[str, Any]) -> Rubric:
    """The whole rubric from JSON: {"bands", "report_weight", "criteria": {"report": [...],
    "presentation": [...]}, "version"?}. A criterion with an "id" of this cohort is updated,
    one without is added, and the cohort's criteria not named are removed. All or nothing:
    every problem is reported (422), and a change that would alter marks given is refused (409)."""
    rubric = ensure_rubric(cohort)
    _check_version(rubric, data.get("version"))
    problems: dict[str, str] = {}
    bands = clean_bands(data.get("bands"), problems)
    weight = clean_report_weight(data.get("report_weight"), problems)
    band_names = [b["name"] for b in bands] if "bands" not in problems else [b["name"] for b in rubric.bands]
    existing = {c.id: c for c in criteria_of(cohort.id)}
    given = data.get("criteria")
    if not isinstance(given, Mapping) or set(given) - set(COMPONENTS):
        raise ValidationProblem({**problems, "criteria": 'criteria must be {"report": [...], "presentation": [...]}'})
    wanted: list[tuple[RubricCriterion | None, dict]] = []
    seen: set[int] = set()
    for component in COMPONENTS:
        items = given.get(component) or []
        if not isinstance(items, list) or len(items) > MAX_CRITERIA:
            problems[f"criteria.{component}"] = f"Give the {component}'s criteria as a list of at most {MAX_CRITERIA}."
            continue
        for n, item in enumerate(items):
            where = f"criteria.{component}[{n}]"
            if not isinstance(item, Mapping):
                problems[where] = "Each criterion must be an object."
                continue
            row = None
            if item.get("id") is not None:
                given_id = item["id"]
                row = existing.get(given_id) if isinstance(given_id, int) and not isinstance(given_id, bool) else None
                if row is None or row.component != component or row.id in seen:
                    problems[f"{where}.id"] = "There is no such criterion in this component of this rubric."
                    continue
                seen.add(row.id)
            values = {
                "component": component,
                "title": _text(item.get("title"), "Title", TITLE_MAX, f"{where}.title", problems, required=True),
                "guidance": _text(item.get("guidance", ""), "Guidance", TEXT_MAX, f"{where}.guidance", problems, multiline=True),
                "weight": _number(item.get("weight"), arithmetic.weight_problem, f"{where}.weight", problems),
                "max_score": _number(item.get("max_score", 100), arithmetic.max_score_problem, f"{where}.max_score", problems),
                "descriptors": clean_descriptors(item.get("descriptors"), band_names, problems,
                                                 lambda i, w=where: f"{w}.descriptors"),
            }
            wanted.append((row, values))
    if not problems:
        ready = arithmetic.readiness([_Plain(v) for _, v in wanted])
        for component, found in ready.items():
            if found:
                problems[f"criteria.{component}"] = found[0]
    if problems:
        raise ValidationProblem(problems)
    alters_marks = (bands != list(rubric.bands) or weight != rubric.report_weight
                    or set(existing) != seen or any(row is None for row, _ in wanted)
                    or any(row.weight != v["weight"] or row.max_score != v["max_score"] for row, v in wanted if row))
    if alters_marks and marking_started(cohort.id):
        raise RubricLocked("rubric")
    for row_id in set(existing) - seen:
        db.session.delete(existing[row_id])
    positions = dict.fromkeys(COMPONENTS, 0)
    for row, values in wanted:
        if row is None:
            row = RubricCriterion(cohort_id=cohort.id)
            db.session.add(row)
        positions[values["component"]] += 1
        row.position = positions[values["component"]]
        for key, value in values.items():
            setattr(row, key, value)
    rubric.bands, rubric.report_weight = bands, weight
    db.session.flush()
    _commit(cohort, rubric, actor, "replaced", criteria=len(wanted), removed=sorted(set(existing) - seen))
    return rubric


class _Plain:
    def __init__(self, values: dict):
        self.id = None
        self.component, self.weight, self.max_score = values["component"], values["weight"], values["max_score"]


# --- one commit ---------------------------------------------------------------------------------


def _check_version(rubric: Rubric, version) -> None:
    if version is None or version == "":
        return
    if isinstance(version, str) and version.isdigit():
        version = int(version)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationProblem({"version": "version must be the rubric's version you read: a whole number"})
    if version != rubric.version:
        db.session.rollback()
        raise RubricStale()


def _commit(cohort: Cohort, rubric: Rubric, actor: User, what: str, **detail) -> None:
    """Touch the rubric (its version moves: the guarded UPDATE refuses a crossing edit), audit
    "rubric.changed" with what, and commit once."""
    rubric.updated_at = utcnow()
    rubric.updated_by_id = actor.id
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise RubricStale() from None
    audit.record("rubric.changed", target=cohort, actor=actor, detail={"what": what, **detail})
    db.session.commit()
