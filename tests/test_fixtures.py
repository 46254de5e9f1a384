"""Every fixture: snippets that must stay, snippets that must go, the blessed output."""

from __future__ import annotations

import pytest

from cleaner.render import replay
from tests.fixture_cases import all_cases

CASES = all_cases()


def _marks(case):
    xfail = case.spec.get("xfail")
    return [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=_marks(c)) for c in CASES])
def test_fixture(case):
    spec = case.spec
    result = case.run()
    for snippet in spec.get("keep", []):
        assert snippet in result.text, f"must stay: {snippet!r}"
    for snippet in spec.get("drop", []):
        assert snippet not in result.text, f"must go: {snippet!r}"
    if "title" in spec:
        assert result.title == spec["title"]
    for flag in spec.get("flags", []):
        assert flag in result.flags
    assert case.expected_path.exists(), "no expected.txt: run `make fixtures-update`"
    assert result.text == case.expected_path.read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_record_replays_to_output(case):
    """The record explains the output: source + edits + removals reproduce it exactly."""
    result = case.run()
    assert replay(result.source, result.edits, result.removals) == result.text


def test_enough_fixtures():
    assert len(CASES) >= 17
