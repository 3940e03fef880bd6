"""Sources: one definition per citation, wherever it is cited."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

import fbss.clinical
from fbss.clinical.sources import Source


def every_source() -> dict[str, list[tuple[str, Source]]]:
    """Every Source object found in any clinical module, by id, with where it was found."""
    found: dict[str, list[tuple[str, Source]]] = defaultdict(list)
    for module_info in pkgutil.walk_packages(fbss.clinical.__path__, "fbss.clinical."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, Source):
                found[value.id].append((f"{module_info.name}.{name}", value))
    return found


def test_no_two_sources_share_an_id_but_differ() -> None:
    differing = {
        source_id: [where for where, _ in places]
        for source_id, places in every_source().items()
        if len({source for _, source in places}) > 1
    }
    assert differing == {}


def test_a_source_cited_in_several_modules_is_defined_once() -> None:
    twice = {
        source_id: [where for where, _ in places]
        for source_id, places in every_source().items()
        if len({id(source) for _, source in places}) > 1
    }
    assert twice == {}


def test_one_paper_has_one_id() -> None:
    ids_by_doi: dict[str, set[str]] = defaultdict(set)
    for source_id, places in every_source().items():
        for _, source in places:
            if source.doi:
                ids_by_doi[source.doi].add(source_id)
    assert {doi: ids for doi, ids in ids_by_doi.items() if len(ids) > 1} == {}
