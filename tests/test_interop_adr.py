"""read_adrs: ADR files into decision records, names kept, every problem on its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import distauth as da
from distauth.interop import Imported, read_adrs
from tests.helpers import real_data


def org() -> da.Org:
    made = da.Org()
    made.add(
        da.Person("ana", name="Ana Ruiz"),
        da.Person("bo", handles=["@bo"]),
        da.Role("platform-team", handles=["Platform team"], holders=["ana", "bo"], collective=True),
        da.Area("platform"),
        da.Area("billing"),
    )
    return made


def problems(result: Imported) -> list[str]:
    return [str(p) for p in result.problems]


ADR = """\
# Use Postgres

- Status: accepted
- Date: 2027-03-01
- Decision-makers: Ana Ruiz, Ghost Writer
- Consulted: @bo, Platform team
- Informed: nobody-known
"""


def test_names_are_kept_as_written_and_unknown_ones_are_problems_on_their_line() -> None:
    result = read_adrs({"0001-use-postgres.md": ADR}, org=org())
    record = result.org.decisions["0001-use-postgres"]
    assert record == da.DecisionRecord(
        "0001-use-postgres",
        title="Use Postgres",
        date=dt.date(2027, 3, 1),
        decided_by=("Ana Ruiz", "Ghost Writer"),
        consulted=("@bo", "Platform team"),
        informed=("nobody-known",),
    )
    assert [(p.code, p.location.line, p.location.column) for p in result.problems] == [
        ("AD102", 5, 30),
        ("AD102", 7, 13),
    ]
    assert problems(result) == [
        "0001-use-postgres.md:5: AD102 decision-makers: 'Ghost Writer' names nobody in the org",
        "0001-use-postgres.md:7: AD102 informed: 'nobody-known' names nobody in the org",
    ]


def test_the_given_org_is_copied_never_changed() -> None:
    given = org()
    before = given.copy()
    result = read_adrs({"0001-use-postgres.md": ADR}, org=given)
    assert given == before
    assert set(result.org.people) == set(given.people)


def test_without_an_org_names_are_not_checked() -> None:
    result = read_adrs({"0001-use-postgres.md": ADR})
    assert result.problems == ()
    assert result.org.decisions["0001-use-postgres"].decided_by == ("Ana Ruiz", "Ghost Writer")


def test_records_are_located_at_their_title() -> None:
    result = read_adrs({"adr/0001-use-postgres.md": "\n\n# Use Postgres\n- Date: 2027-01-01\n"})
    assert str(result.org.location("0001-use-postgres")) == "adr/0001-use-postgres.md:3:3"
    untitled = read_adrs({"adr/0002-x.md": "- Date: 2027-01-01\n"})
    assert untitled.org.decisions["0002-x"].title == "0002-x"
    assert str(untitled.org.location("0002-x")) == "adr/0002-x.md:1:1"


def test_a_record_without_a_usable_date_is_left_out_and_says_so() -> None:
    result = read_adrs(
        {
            "a.md": "# A\n\n- Status: accepted\n",
            "b.md": "# B\n\n- Date: YYYY-MM-DD\n",
            "c.md": "# C\n\n- Date: 2027-02-30\n",
        }
    )
    assert dict(result.org.decisions) == {}
    assert problems(result) == [
        "a.md:1: AD101 no date: a decision is judged on its day, so it is left out",
        "b.md:3: AD101 date: 'YYYY-MM-DD' is not a YYYY-MM-DD day; the record is left out",
        "c.md:3: AD101 date: '2027-02-30' is not a YYYY-MM-DD day; the record is left out",
    ]


def test_the_area_comes_from_the_record_else_the_longest_mapped_directory() -> None:
    files = {
        "docs/adr/0001-a.md": "# A\n- Date: 2027-01-01\n",
        "docs/adr/billing/0002-b.md": "# B\n- Date: 2027-01-01\n",
        "docs/adr/billing/0003-c.md": "---\narea: platform\ndate: 2027-01-01\n---\n# C\n",
        "elsewhere/0004-d.md": "# D\n- Date: 2027-01-01\n",
    }
    result = read_adrs(
        files, org=org(), areas={"docs/adr": "platform", "./docs/adr/billing/": "billing"}
    )
    areas = {i: r.area for i, r in result.org.decisions.items()}
    assert areas == {
        "0001-a": "platform",
        "0002-b": "billing",
        "0003-c": "platform",
        "0004-d": None,
    }
    everything = read_adrs(files, areas={"": "billing"})
    assert {r.area for r in everything.org.decisions.values()} == {"billing", "platform"}


def test_unknown_areas_and_resources_are_problems() -> None:
    files = {
        "a.md": "---\narea: sales\ndate: 2027-01-01\nresources: [ok/one, /bad//res, ok/one]\n---\n",
        "b.md": "---\narea: Not An Id\ndate: 2027-01-01\n---\n",
        "c.md": "# C\n- Date: 2027-01-01\n",
    }
    result = read_adrs(files, org=org(), areas={"": "nowhere"})
    assert result.org.decisions["a"].area == "sales"
    assert result.org.decisions["a"].resources == ("ok/one",)
    assert result.org.decisions["b"].area is None
    assert [(p.code, p.location.file, p.location.line) for p in result.problems] == [
        ("AD103", "a.md", 2),
        ("AD104", "a.md", 4),
        ("AD103", "b.md", 2),
        ("AD103", "c.md", 1),
    ]


def test_front_matter_problems_are_reported_and_the_rest_is_read() -> None:
    result = read_adrs({"a.md": "---\nstatus: [x\n---\n# A\n- Date: 2027-01-01\n"})
    assert [p.code for p in result.problems] == ["AD105"]
    assert "a" in result.org.decisions


def test_a_directory_is_read_recursively_skipping_index_readme_and_template(
    tmp_path: Path,
) -> None:
    (tmp_path / "billing").mkdir()
    (tmp_path / "0001-a.md").write_text("# A\n- Date: 2027-01-01\n", encoding="utf-8")
    (tmp_path / "billing" / "0001-a.md").write_text("# A2\n- Date: 2027-01-02\n")
    for skipped in ("index.md", "README.md", "TEMPLATE.md", "adr-template.md"):
        (tmp_path / skipped).write_text("# not a record\n- Date: 2027-01-01\n")
    (tmp_path / "notes.txt").write_text("not markdown")
    (tmp_path / "0002-latin1.md").write_bytes("# Café\n- Date: 2027-01-01\n".encode("latin-1"))
    result = read_adrs(tmp_path, org=org(), areas={"billing": "billing"})
    assert {i: r.title for i, r in result.org.decisions.items()} == {
        "0001-a": "A",
        "billing-0001-a": "A2",
    }
    assert result.org.decisions["billing-0001-a"].area == "billing"
    assert [(p.code, p.location.file) for p in result.problems] == [("AD106", "0002-latin1.md")]
    assert read_adrs(str(tmp_path)).org.decisions.keys() == result.org.decisions.keys()


def test_clashing_ids_get_a_number_and_org_ids_are_never_taken() -> None:
    files = {"a/x.md": "# 1\n- Date: 2027-01-01\n", "a-x.md": "# 2\n- Date: 2027-01-01\n"}
    files["b/a/x.md"] = "# 3\n- Date: 2027-01-01\n"
    files["platform.md"] = "# 4\n- Date: 2027-01-01\n"
    result = read_adrs(files, org=org())
    assert {r.title: i for i, r in result.org.decisions.items()} == {
        "2": "a-x",
        "1": "x",
        "3": "b-a-x",
        "4": "platform-2",
    }


def test_a_name_given_twice_is_kept_once() -> None:
    result = read_adrs({"a.md": "# A\n- Date: 2027-01-01\n- Decision-makers: Ana, Ana\n"})
    assert result.org.decisions["a"].decided_by == ("Ana",)


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(da.InvalidTypeError, match="files must be"):
        read_adrs(42)  # type: ignore[arg-type]
    with pytest.raises(da.InvalidTypeError, match="the text must be a str"):
        read_adrs({"a.md": b"# A"})  # type: ignore[dict-item]
    with pytest.raises(da.InvalidTypeError, match="areas must be a mapping"):
        read_adrs({}, areas=["x"])  # type: ignore[arg-type]
    with pytest.raises(da.InvalidTypeError, match="areas maps a directory"):
        read_adrs({}, areas={"adr": "Not An Id"})


# --- the real records ---------------------------------------------------------------------------

CAMUNDA = "camunda__camunda-platform-helm"


def test_all_95_real_records_are_read_without_a_problem_of_their_own() -> None:
    result = read_adrs(real_data(CAMUNDA) / "adr")
    assert len(result.org.decisions) == 95
    assert result.problems == ()
    days = sorted(r.date for r in result.org.decisions.values())
    assert (days[0], days[-1]) == (dt.date(2021, 8, 16), dt.date(2026, 7, 29))
    statuses = [r.status for r in result.org.decisions.values()]
    assert (statuses.count("accepted"), statuses.count("approved")) == (92, 1)


def test_what_is_read_from_the_tricky_real_records_is_pinned() -> None:
    decisions = read_adrs(real_data(CAMUNDA) / "adr").org.decisions

    def pick(number: str) -> da.DecisionRecord:
        (record,) = (r for i, r in decisions.items() if i.startswith(number + "-"))
        return record

    # A status with a Markdown link inside, kept verbatim.
    amended = pick("0043")
    assert amended.status == (
        "accepted (amended by [ADR 0092](0092-allow-opt-in-deployment-strategy-for-components"
        "-with-chart-managed-rwo-persistence.md))"
    )
    assert amended.decided_by == ("Hamza Masood",)
    assert amended.date == dt.date(2024, 7, 30)
    # The ids are the file stems, so that links between records resolve.
    assert pick("0092").id == (
        "0092-allow-opt-in-deployment-strategy-for-components-with-chart-managed-rwo-persistence"
    )
    by_makers = {r.decided_by: r for r in decisions.values()}
    # A comma-separated list of three teams.
    assert ("Distribution team", "Management Identity owners", "Camunda Hub owners") in by_makers
    # A team, a first name only, a handle, non-ASCII letters.
    for makers in [("Distribution team",), ("Balázs",), ("Rei",), ("maryarm",), ("Clément Nero",)]:
        assert makers in by_makers, makers
    assert sum(r.decided_by == ("Balázs",) for r in decisions.values()) == 7
    assert {r.status for r in decisions.values()} == {
        "accepted",
        "approved",
        "proposed",
        amended.status,
    }
    # MADR's "Decision Outcome" becomes the rationale.
    assert all(r.rationale for r in decisions.values())


def test_the_template_is_skipped_but_reads_with_problems_when_named() -> None:
    template = (real_data(CAMUNDA) / "adr" / "TEMPLATE.md").read_text(encoding="utf-8")
    result = read_adrs({"0000-template-copy.md": template})
    assert problems(result) == [
        "0000-template-copy.md:10: AD101 date: 'YYYY-MM-DD' is not a YYYY-MM-DD day; "
        "the record is left out"
    ]


def test_the_audit_of_the_real_records_against_a_test_org_is_pinned() -> None:
    org = da.load(Path(__file__).parent / "data" / "camunda-decisions-org.yaml")
    result = read_adrs(real_data(CAMUNDA) / "adr", org=org, areas={"": "helm-charts"})
    unmapped = {
        "Jan Friedenstab",
        "Igor Petrov",
        "Abbas Adel Ibraim",
        "Adam Urban",
        "Pavel Kotelevsky",
        "Nicolas Pepin-Perreault",
        "Alexandre Bremard",
        "Christian Thiel",
        "Management Identity owners",
        "Camunda Hub owners",
    }
    assert {p.message.split("'")[1] for p in result.problems} == unmapped
    assert {(p.code, p.location.line) for p in result.problems} == {("AD102", 5)}
    report = da.validate(result.org, select=["DA6"])
    found = {(f.code, f.subjects[0][:4], f.subjects[1:]) for f in report}
    assert found == {
        ("DA607", "0009", ("Jan Friedenstab",)),
        ("DA607", "0012", ("Igor Petrov",)),
        ("DA601", "0014", ("helm-charts", "sebastian")),
        ("DA607", "0018", ("Abbas Adel Ibraim",)),
        ("DA601", "0019", ("helm-charts", "wolfgang")),
        ("DA607", "0023", ("Adam Urban",)),
        ("DA607", "0028", ("Pavel Kotelevsky",)),
        ("DA607", "0032", ("Nicolas Pepin-Perreault",)),
        ("DA601", "0041", ("helm-charts", "wolfgang")),
        ("DA601", "0053", ("helm-charts", "sebastian")),
        ("DA607", "0064", ("Alexandre Bremard",)),
        ("DA607", "0077", ("Christian Thiel",)),
        ("DA607", "0085", ("Jan Friedenstab",)),
        ("DA607", "0095", ("Management Identity owners",)),
        ("DA607", "0095", ("Camunda Hub owners",)),
    }
    assert len(report) == len(found)
    # Christopher Zell decided before the team took over; the team's records after it are fine.
    first = result.org.decisions["0001-copy-zeebe-cluster-helm-chart-into-monorepo-to-establish"]
    assert (first.decided_by, first.date) == (("Christopher Zell",), dt.date(2021, 8, 16))
    assert all(str(f.location).endswith(":1:3") for f in report)
