"""The SCS prerequisites checklist."""

from fbss.clinical.finding import Finding, Missing, Status
from fbss.clinical.planning.scs.prerequisites import prerequisite_findings

from .factories import context, make_case, upstream


def statuses(**fields: object) -> dict[str, Status]:
    return {
        f.code.removeprefix("scs.prerequisite."): f.status
        for f in prerequisite_findings(context(make_case(**fields)))
    }


def test_everything_unrecorded_is_unknown() -> None:
    assert set(statuses().values()) == {Status.UNKNOWN}
    assert set(statuses()) == {
        "mdt_assessment",
        "psychological_evaluation",
        "infection",
        "coagulation",
        "mri",
        "education",
    }


def test_all_done() -> None:
    done = statuses(
        scs={"mdt_assessed": True, "education_done": True, "psych_evaluation": {"outcome": "cleared"}},
        conditions={"active_infection": False, "coagulopathy": False, "foreseeable_mri_need": False},
    )
    assert set(done.values()) == {Status.MET}


def test_outstanding_items() -> None:
    found = statuses(
        scs={"psych_evaluation": {"outcome": "treat_first"}, "education_done": False},
        conditions={"active_infection": True, "foreseeable_mri_need": True},
        medications=[{"name": "rivaroxaban"}],
    )
    assert found["psychological_evaluation"] is Status.NOT_MET
    assert found["education"] is Status.NOT_MET
    assert found["infection"] is Status.NOT_MET
    assert found["mri"] is Status.NOT_MET
    assert found["coagulation"] is Status.NOT_MET


def findings(earlier: tuple = (), **fields: object) -> dict[str, Finding]:  # type: ignore[type-arg]
    return {
        f.code.removeprefix("scs.prerequisite."): f
        for f in prerequisite_findings(context(make_case(**fields), earlier))
    }


def test_infection_stays_unknown_while_the_infection_red_flag_is_undecided() -> None:
    undecided = upstream(
        "redflag.infection", status=Status.UNKNOWN, missing=(Missing("red_flags.fever", "fever: not asked"),)
    )
    infection = findings((undecided,), conditions={"active_infection": False})["infection"]
    assert infection.status is Status.UNKNOWN
    assert [m.path for m in infection.missing] == ["red_flags.fever"]
    excluded = upstream("redflag.infection", status=Status.NOT_MET)
    assert findings((excluded,), conditions={"active_infection": False})["infection"].status is Status.MET


def test_every_unrecorded_item_names_what_is_missing() -> None:
    for name, finding in findings().items():
        if finding.status is Status.UNKNOWN:
            assert finding.missing, name
    assert [m.path for m in findings()["education"].missing] == ["scs.education_done"]
