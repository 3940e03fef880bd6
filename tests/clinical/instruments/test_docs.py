"""docs/instruments.md documents every instrument and every item id the scorers accept."""

from pathlib import Path

from fbss.clinical.instruments import INSTRUMENTS

DOC = Path(__file__).resolve().parents[3] / "docs" / "instruments.md"


def sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = text.split("\n## `")[1:]
    return {part.split("`", 1)[0]: part for part in parts}


def test_every_instrument_has_a_section() -> None:
    assert set(sections()) == set(INSTRUMENTS)


def test_every_item_id_is_in_its_instruments_table_with_its_range() -> None:
    documented = sections()
    for key, found in INSTRUMENTS.items():
        for item in found.items:
            row_start = f"| `{item.id}` | {item.label}"
            assert row_start in documented[key], (key, item.id)
            assert f"| {item.loinc or ''} |" in documented[key].split(row_start, 1)[1].split("\n", 1)[0]
