"""The public API: what `import cleaner` exports, and the stable JSON form of a Result."""

from __future__ import annotations

import json

import pytest

import cleaner
from cleaner import Config, Pipeline, Result
from tests.fixture_cases import all_cases


def test_public_names_are_exported_and_typed():
    for name in ("clean", "clean_file", "Pipeline", "Config", "Result", "Reason", "Removal", "Edit", "InputError"):
        assert name in cleaner.__all__ and hasattr(cleaner, name)
    assert cleaner.clean.__annotations__["return"] in (Result, "Result")
    assert isinstance(cleaner.default_pipeline(Config()), Pipeline)
    with pytest.raises(TypeError):
        Config(50)  # keyword-only


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.name)
def test_result_json_round_trips(case):
    result = cleaner.clean_file(case.input)
    line = result.to_json()
    assert json.loads(line) == result.to_dict()
    back = Result.from_json(line)
    assert back.to_json() == line  # stable: the same bytes after a round trip
    assert (back.text, back.title, back.removals, back.edits, back.flags) == (
        result.text, result.title, result.removals, result.edits, result.flags)
    assert back.metadata == result.metadata


def test_from_dict_reads_a_documents_jsonl_record():
    record = {"id": "a.txt", **cleaner.clean("欢迎访问本站\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。").to_dict()}
    back = Result.from_dict(record)
    assert back.removals[0].reason is cleaner.Reason.CHROME and back.source == ""
