"""`cleaner explain FILE`: the page view in the terminal."""

from __future__ import annotations

from pathlib import Path

from cleaner.cli import main

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed-003_02db212c3dbaf5d2" / "input.txt"


def test_explain_plain_when_not_a_terminal(capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["explain", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out                     # captured output is not a terminal: no colour, no pager
    assert "[-ID:25356950-]" in out and "docshare · docshare / file_id" in out
    assert "Repairs (before → after)" in out and "chunks / chunk_join" in out
    assert "Clean body" in out and "Metadata found" in out
    assert "Download notices" in out             # the plain-language reason


def test_explain_colours_on_request_and_respects_no_color(capsys, monkeypatch):
    assert main(["explain", str(SEED), "--color", "always", "--no-pager"]) == 0
    assert "\x1b[9;" in capsys.readouterr().out   # struck through, coloured
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert main(["explain", str(SEED), "--no-pager"]) == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_explain_pages_long_output_on_a_terminal(tmp_path, monkeypatch, capsys):
    from cleaner.report import terminal

    class Tty:
        def __init__(self):
            self.text = ""

        def isatty(self):
            return True

        def write(self, s):
            self.text += s

    seen = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > {seen}")
    terminal.page("line\n" * 500, Tty())
    assert seen.read_text() == "line\n" * 500
    short = Tty()
    terminal.page("one line\n", short)
    assert short.text == "one line\n"


def test_explain_missing_file(tmp_path, capsys):
    assert main(["explain", str(tmp_path / "nope.txt")]) == 2


def test_explain_shows_the_extractor_a_run_used(capsys):
    page = SEED.parent.parent / "html-gbk-news" / "input.html"
    assert main(["explain", str(page), "--extractor", "both", "--no-pager"]) == 0
    assert "extractor: trafilatura" in capsys.readouterr().out  # both asked, trafilatura's chosen
    assert main(["explain", str(page), "--extractor", "density", "--no-pager"]) == 0
    assert "extractor: density" in capsys.readouterr().out
