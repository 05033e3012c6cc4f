"""Measures: the operations (bounds, a date entered again, rebase at the first point refused,
stale writes), the CSV of points (row-by-row report, nothing saved on any bad row), and the
pages (empty states, forms keeping what was typed, the chart with 0, 1 and 2 points, the run/XmR
switch, the summary sentence, another team's id 404, the submitted team 409)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.qi import measure_csv, spc
from workspace.qi import measure_operations as ops
from workspace.qi.measure_fields import number
from workspace.qi.models import Measure, MeasureAnnotation, MeasurePoint, PdsaCycle, PdsaMeasure
from workspace.qi.queries import measure_series

START = date(2026, 1, 5)


def _url(world, path: str = "") -> str:
    return f"/teams/{world.team.id}/qi/measures{path}"


def _text(response) -> str:
    return response.get_data(as_text=True)


def make_measure(world, **fields):
    data = {"name": "Discharges before noon", "kind": "outcome", "unit": "%", "better": "up", "target": 40,
            **fields}
    return ops.create_measure(world.team, world.member, data)


def add_values(world, measure, values, start=START):
    rows = [{"on": (start + timedelta(weeks=i)).isoformat(), "value": v} for i, v in enumerate(values)]
    return ops.add_points(world.team, measure, world.member, rows)


def _count(model, measure) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(model.measure_id == measure.id))


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [("85", 85.0), ("85%", 85.0), (" 85.5 % ", 85.5), ("-3", -3.0),
                                                 ("1e3", 1000.0), (12, 12.0), (0.5, 0.5)])
def test_values_people_type(typed, expected):
    assert number(typed) == expected


@pytest.mark.parametrize("typed", ["85,5", "abc", "", None, "nan", "inf", "1e400", float("nan"), float("inf"),
                                   True, "12 apples", 1e13])
def test_values_refused(typed):
    with pytest.raises(ValueError):
        number(typed)


# --- operations --------------------------------------------------------------------------------


def test_a_date_entered_again_adds_a_second_point_after_the_first(world):
    measure = make_measure(world)
    assert add_values(world, measure, [10, 20]) == (2, 0)
    assert ops.add_points(world.team, measure, world.member, [{"on": START.isoformat(), "value": "15"}]) == (1, 1)
    values = db.session.scalars(select(MeasurePoint.value).where(MeasurePoint.measure_id == measure.id)
                                .order_by(MeasurePoint.on_date, MeasurePoint.id)).all()
    assert values == [10.0, 15.0, 20.0]


def test_a_repeated_date_in_one_batch_keeps_every_row_in_order(world):
    measure = make_measure(world)
    rows = [{"on": "2026-02-01", "value": 1}, {"on": "2026-01-01", "value": 2}, {"on": "2026-02-01", "value": 3},
            {"on": "2026-02-01", "value": 0}]
    assert ops.add_points(world.team, measure, world.member, rows) == (4, 2)
    series = measure_series(world.team, [measure.id])[0]
    assert [(str(p.on), p.value) for p in series.points] == [("2026-01-01", 2.0), ("2026-02-01", 1.0),
                                                             ("2026-02-01", 3.0), ("2026-02-01", 0.0)]


def test_a_new_measure_keeps_its_repeated_dates_in_order(world):
    rows = [{"on": "2026-03-01", "value": 5}, {"on": "2026-03-01", "value": 4}]
    measure = ops.create_measure(world.team, world.member, {"name": "Twice", "kind": "outcome"}, rows)
    assert [p.value for p in measure_series(world.team, [measure.id])[0].points] == [5.0, 4.0]


def test_one_bad_point_saves_nothing_and_names_the_row(world):
    measure = make_measure(world)
    with pytest.raises(ValidationProblem) as refused:
        ops.add_points(world.team, measure, world.member, [{"on": "2026-01-01", "value": 1},
                                                           {"on": "2026-13-01", "value": "x"}])
    assert set(refused.value.fields) == {"points[1].on", "points[1].value"}
    assert _count(MeasurePoint, measure) == 0


def test_ten_thousand_points_are_refused_whole(world):
    measure = make_measure(world)
    rows = [{"on": (START + timedelta(days=i)).isoformat(), "value": i} for i in range(10_000)]
    with pytest.raises(ValidationProblem) as refused:
        ops.add_points(world.team, measure, world.member, rows)
    assert "at most 1,000 points" in refused.value.message
    add_values(world, measure, list(range(spc.MAX_POINTS)), start=date(2000, 1, 1))
    with pytest.raises(ValidationProblem):
        ops.add_points(world.team, measure, world.member, [{"on": "2099-01-01", "value": 1}])


def test_a_rebase_at_the_first_point_is_refused(world):
    measure = make_measure(world)
    add_values(world, measure, [1, 2, 3])
    points = db.session.scalars(select(MeasurePoint).where(MeasurePoint.measure_id == measure.id)
                                .order_by(MeasurePoint.on_date)).all()
    with pytest.raises(ValidationProblem) as refused:
        ops.set_flag(world.team, measure, points[0], world.member, "rebase", True)
    assert "first point" in refused.value.message
    ops.set_flag(world.team, measure, points[1], world.member, "rebase", True)
    assert db.session.get(MeasurePoint, points[1].id).rebase is True


def test_every_point_change_moves_the_measures_version(world):
    measure = make_measure(world)
    first = measure.version
    add_values(world, measure, [1])
    assert measure.version == first + 1
    with pytest.raises(ops.Stale):
        ops.update_measure(world.team, measure, world.member, {"name": "Renamed"}, version=first)


def test_a_team_holds_at_most_fifty_measures(world):
    for n in range(ops.MAX_MEASURES):
        db.session.add(Measure(team_id=world.team.id, name=f"M{n}"))
    db.session.commit()
    with pytest.raises(ValidationProblem):
        make_measure(world)


# --- CSV -------------------------------------------------------------------------------------------


def test_csv_with_a_header_uk_dates_percent_and_notes():
    rows = measure_csv.parse("date,value,note\n31/03/2027,85%,after huddle\n2027-04-07, 86.5 ,\n\n")
    assert rows == [{"on": date(2027, 3, 31), "value": 85.0, "note": "after huddle"},
                    {"on": date(2027, 4, 7), "value": 86.5, "note": ""}]
    assert len(measure_csv.parse("2027-03-31,1\n2027-04-07,2")) == 2  # no header


def test_csv_reports_each_bad_row_by_line_number():
    text = "date,value\n2027-03-31,85\n2027-04-07,85,5\n31/02/2027,3\n2027-04-21,\n2027-04-28,high\n"
    with pytest.raises(measure_csv.CsvProblem) as refused:
        measure_csv.parse(text)
    lines = [line for line, _ in refused.value.rows]
    assert lines == [4, 5, 6]  # "85,5" reads as value 85 and note "5": line 3 is fine as CSV
    assert "real date" in refused.value.rows[0][1] and "Enter the value" in refused.value.rows[1][1]


def test_csv_decimal_commas_with_semicolons_are_named():
    with pytest.raises(measure_csv.CsvProblem) as refused:
        measure_csv.parse("date;value\n2027-03-31;85,5\n")
    assert "decimal comma" in refused.value.rows[0][1]


@pytest.mark.parametrize("text", [
    "date;value;note\n31/03/2027;85;after huddle, ward 3, bay 2, day 4, shift 5, nurse 6, bed 7, hour 8\n07/04/2027;86;\n",
    "31/03/2027;85;after huddle, ward 3, bay 2, day 4, shift 5, nurse 6, bed 7, hour 8\n07/04/2027;86;\n",
    "date\tvalue\tnote\n31/03/2027\t85\tafter huddle, ward 3, bay 2, day 4, shift 5, nurse 6, bed 7, hour 8\n07/04/2027\t86\t\n",
    "date,value,note\n31/03/2027,85,\"after huddle; ward 3; bay 2\"\n07/04/2027,86,\n",
])
def test_csv_separator_is_read_from_the_first_line(text):
    rows = measure_csv.parse(text)
    assert [(r["on"], r["value"]) for r in rows] == [(date(2027, 3, 31), 85.0), (date(2027, 4, 7), 86.0)]
    assert rows[0]["note"].startswith("after huddle")


@pytest.mark.parametrize("header", ["value,date", "count,when", "date,week"])
def test_csv_with_a_header_naming_the_columns_the_wrong_way_round_is_refused(header):
    with pytest.raises(measure_csv.CsvProblem) as refused:
        measure_csv.parse(f"{header}\n2027-03-31,85\n")
    assert refused.value.rows[0][0] == 1 and "the date first" in refused.value.rows[0][1]


@pytest.mark.parametrize("text", [
    "Datum;Wert;Notiz\n2026-12-01;12;eins\n2026-12-08;14;\n",  # a header in another language
    "\ufeffdate;value\n2026-12-01;12\n2026-12-08;14\n",  # pasted with Excel's byte-order mark
    "week,days\n01/12/2026,12\n08/12/2026,14\n",  # the value column named by its unit
])
def test_csv_headers_in_any_words_and_a_pasted_byte_order_mark_are_read(text):
    rows = measure_csv.parse(text)
    assert [(r["on"], r["value"]) for r in rows] == [(date(2026, 12, 1), 12.0), (date(2026, 12, 8), 14.0)]


def test_csv_size_is_bounded():
    with pytest.raises(measure_csv.CsvProblem):
        measure_csv.decode(b"2027-03-31,1\n" * 20_000)
    with pytest.raises(measure_csv.CsvProblem):
        measure_csv.parse("\n".join(f"{(START + timedelta(days=i)).isoformat()},1" for i in range(1001)))


# --- pages -----------------------------------------------------------------------------------------


def test_the_empty_list_offers_a_new_measure_to_editors_only(make_client, world):
    page = _text(make_client(world.member).get(_url(world)))
    assert "No measures yet" in page and "New measure" in page
    host_page = _text(make_client(world.host).get(_url(world)))
    assert "No measures yet" in host_page and "New measure" not in host_page


def test_creating_a_measure_and_the_form_keeps_what_was_typed(make_client, world):
    client = make_client(world.member)
    refused = client.form(_url(world, "/new"), {"name": "", "kind": "process", "unit": "days", "better": "down",
                                                "target": "8,5", "chart": "auto", "definition": "Counted weekly"})
    assert refused.status_code == 422
    page = _text(refused)
    assert "Enter the name" in page and "decimal comma" in page and "Counted weekly" in page
    made = client.form(_url(world, "/new"), {"name": "Length of stay", "kind": "process", "unit": "days",
                                             "better": "down", "target": "8.5", "chart": "auto"})
    assert made.status_code == 302
    measure = db.session.scalar(select(Measure).where(Measure.team_id == world.team.id))
    assert (measure.name, measure.kind, measure.better, measure.target) == ("Length of stay", "process", "down", 8.5)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_measure_with_few_points_shows_a_chart_with_a_note(make_client, world, count):
    measure = make_measure(world)
    if count:
        add_values(world, measure, [30, 35][:count])
    response = make_client(world.host).get(_url(world, f"/{measure.id}"))
    assert response.status_code == 200
    page = _text(response)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert ("No data yet" if count == 0 else f"Only {count} point") in page


def test_the_measure_page_shows_the_chart_the_sentence_and_the_signals(make_client, world):
    measure = make_measure(world, target=11)
    add_values(world, measure, [8, 9, 8, 9, 8, 9, 8, 12, 11, 12, 11, 12, 11, 12])
    page = _text(make_client(world.member).get(_url(world, f"/{measure.id}")))
    assert "XmR chart" in page and "Run of 7 on one side of the mean" in page
    assert "Special cause improvement: 7 points above the mean since 23 February 2026." in page
    assert "style=" not in page.split('class="qi-chart-box"')[1].split("</svg>")[0]
    run = _text(make_client(world.member).get(_url(world, f"/{measure.id}?chart=run")))
    assert "<h2 id=\"chart-heading\">Run chart</h2>" in run and "Shift: 6 or more on one side of the median" in run


def test_the_trial_warning_names_the_phase_and_the_rules_explain_ties(make_client, world):
    measure = make_measure(world, chart="xmr")
    add_values(world, measure, [8, 9] * 6 + [12, 13] * 3)
    rebased = db.session.scalars(select(MeasurePoint).where(MeasurePoint.measure_id == measure.id)
                                 .order_by(MeasurePoint.on_date, MeasurePoint.id)).all()[12]
    ops.set_flag(world.team, measure, rebased, world.member, "rebase", True)
    page = " ".join(_text(make_client(world.member).get(_url(world, f"/{measure.id}"))).split())
    assert ("The limits of the phase from 30 March 2026 to 4 May 2026 come from 6 points, fewer than 12: "
            "treat them as trial limits, and expect them to move as points are added.") in page
    assert "phase from 5 January 2026" not in page  # the first phase (12 points) is not trial
    assert "(trial limits: fewer than 12 points)" in page  # the sentence says so too
    assert "Equal neighbours count once: 10, 11, 12, 12, 13, 14 is 5 points rising." in page
    assert "Here a tie breaks the run" in page


def test_adding_a_point_by_form_and_a_bad_one_keeps_what_was_typed(make_client, world):
    measure = make_measure(world)
    client = make_client(world.member)
    assert client.form(_url(world, f"/{measure.id}/points"), {"on": "31/03/2026", "value": "85%"}).status_code == 302
    refused = client.form(_url(world, f"/{measure.id}/points"), {"on": "2026-04-07", "value": "lots", "note": "typed"})
    assert refused.status_code == 422
    assert "must be a number" in _text(refused) and 'value="typed"' in _text(refused)
    assert _count(MeasurePoint, measure) == 1


def test_pasting_points_with_a_bad_row_saves_nothing_and_lists_the_rows(make_client, world):
    measure = make_measure(world)
    client = make_client(world.member)
    refused = client.form(_url(world, f"/{measure.id}/points/import"),
                          {"csv": "date,value\n2026-01-05,1\n2026-01-12,x\n2026-01-19,3"})
    assert refused.status_code == 422 and "Line 3:" in _text(refused)
    assert _count(MeasurePoint, measure) == 0
    done = client.form(_url(world, f"/{measure.id}/points/import"),
                       {"csv": "", "file": (io.BytesIO(b"2026-01-05,1\n2026-01-12,2\n"), "points.csv")},
                       content_type="multipart/form-data")
    assert done.status_code == 302 and _count(MeasurePoint, measure) == 2
    again = client.form(_url(world, f"/{measure.id}/points/import"),
                        {"csv": "2026-01-05,4\n2026-01-12,5\n2026-01-12,6\n2026-01-19,7"})
    assert again.status_code == 302 and _count(MeasurePoint, measure) == 6  # no pasted row is lost
    page = _text(client.get(again.headers["Location"]))
    assert "4 points added. 3 rows share a date with an earlier point: both are kept, in the order entered." in page


def test_marking_rebasing_and_deleting_points_and_annotations(make_client, world):
    measure = make_measure(world)
    add_values(world, measure, [1, 2, 3, 4])
    points = db.session.scalars(select(MeasurePoint).where(MeasurePoint.measure_id == measure.id)
                                .order_by(MeasurePoint.on_date)).all()
    client = make_client(world.member)
    base = _url(world, f"/{measure.id}/points")
    refused = client.form(f"{base}/{points[0].id}/flag", {"flag": "rebase", "on": "1"})
    assert refused.status_code == 422 and "The first point cannot start a new phase" in _text(refused)
    # on the measure page itself (its chart and the error summary), not a generic error page
    assert 'id="chart-heading"' in _text(refused) and "nhsuk-error-summary" in _text(refused)
    assert "not allowed here" not in _text(refused)
    assert client.form(f"{base}/{points[2].id}/flag", {"flag": "rebase", "on": "1"}).status_code == 302
    assert client.form(f"{base}/{points[1].id}/flag", {"flag": "astronomical", "on": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(MeasurePoint, points[2].id).rebase and db.session.get(MeasurePoint, points[1].id).astronomical
    confirm = client.get(f"{base}/{points[3].id}/delete")
    assert confirm.status_code == 200 and "Delete the point of" in _text(confirm)
    assert client.form(f"{base}/{points[3].id}/delete").status_code == 302
    assert _count(MeasurePoint, measure) == 3
    assert client.form(_url(world, f"/{measure.id}/annotations"), {"on": "2026-01-20", "label": "Huddle"}).status_code == 302
    annotation = db.session.scalar(select(MeasureAnnotation).where(MeasureAnnotation.measure_id == measure.id))
    assert "A1" in _text(client.get(_url(world, f"/{measure.id}")))
    assert client.form(_url(world, f"/{measure.id}/annotations/{annotation.id}/delete")).status_code == 302
    assert _count(MeasureAnnotation, measure) == 0


def test_linked_pdsa_cycles_are_listed_and_marked(make_client, world):
    measure = make_measure(world)
    add_values(world, measure, [1, 2, 3])
    cycle = PdsaCycle(team_id=world.team.id, title="Morning huddle", started_on=START + timedelta(days=3),
                      decision="adopt")
    db.session.add(cycle)
    db.session.flush()
    db.session.add(PdsaMeasure(pdsa_id=cycle.id, measure_id=measure.id, team_id=world.team.id))
    db.session.commit()
    page = _text(make_client(world.member).get(_url(world, f"/{measure.id}")))
    assert "PDSA 1 (adopt): Morning huddle" in page and ">P1</text>" in page


def test_editing_a_stale_measure_is_409_and_keeps_what_was_typed(make_client, world):
    measure = make_measure(world)
    old = measure.version
    ops.update_measure(world.team, measure, world.member, {"name": "Changed by someone else"})
    response = make_client(world.member).form(_url(world, f"/{measure.id}/edit"), {
        "name": "My new name", "kind": "outcome", "better": "up", "chart": "auto", "version": str(old)})
    assert response.status_code == 409 and 'value="My new name"' in _text(response)


def test_another_teams_measure_is_404(make_client, world):
    other = ops.create_measure(world.other_team, world.other_member, {"name": "Theirs"})
    client = make_client(world.member)
    assert client.get(_url(world, f"/{other.id}")).status_code == 404
    assert client.form(_url(world, f"/{other.id}/points"), {"on": "2026-01-01", "value": "1"}).status_code == 404


def test_a_deleted_measure_leaves_the_list(make_client, world):
    measure = make_measure(world)
    client = make_client(world.member)
    assert "Delete “Discharges before noon”?" in _text(client.get(_url(world, f"/{measure.id}/delete")))
    assert client.form(_url(world, f"/{measure.id}/delete")).status_code == 302
    assert client.get(_url(world, f"/{measure.id}")).status_code == 404
    assert "No measures yet" in _text(client.get(_url(world)))


def test_the_list_shows_kind_points_latest_value_and_the_icon(make_client, world):
    measure = make_measure(world)
    add_values(world, measure, [10, 11] * 6)
    page = _text(make_client(world.member).get(_url(world)))
    assert "Outcome" in page and "11%" in page and "qi-signal__icon--common" in page
    assert "Variation: common cause variation; assurance: the target will not be met" in page


def test_a_submitted_team_answers_its_edit_pages_with_409(make_client, world):
    measure = make_measure(world)
    world.submit()
    client = make_client(world.member)
    assert client.get(_url(world, "/new")).status_code == 409
    assert client.form(_url(world, f"/{measure.id}/points"), {"on": "2026-01-01", "value": "1"}).status_code == 409
    page = client.get(_url(world, f"/{measure.id}"))
    assert page.status_code == 200 and "Add a point" not in _text(page)


def test_changing_a_points_value_and_note(make_client, world):
    measure = make_measure(world)
    add_values(world, measure, [10, 20])
    point = db.session.scalars(select(MeasurePoint).where(MeasurePoint.measure_id == measure.id)
                               .order_by(MeasurePoint.on_date)).first()
    client = make_client(world.member)
    url = _url(world, f"/{measure.id}/points/{point.id}/edit")
    assert 'value="10"' in _text(client.get(url))
    refused = client.form(url, {"value": "ten", "note": "as typed"})
    assert refused.status_code == 422 and 'value="as typed"' in _text(refused)
    assert client.form(url, {"value": "12.5%", "note": "recounted"}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(MeasurePoint, point.id)
    assert (stored.value, stored.note, stored.on_date) == (12.5, "recounted", START)


def test_the_host_comments_on_a_measure(make_client, world):
    measure = make_measure(world)
    host = make_client(world.host)
    response = host.form(f"/teams/{world.team.id}/comments/on/measure/{measure.id}",
                         {"body": "Is this counted on weekends too?"})
    assert response.status_code == 302 and response.headers["Location"].startswith(_url(world, f"/{measure.id}"))
    assert "Is this counted on weekends too?" in _text(make_client(world.member).get(_url(world, f"/{measure.id}")))
