"""One frozen, keyword-only configuration. Every threshold is named and says how it was set."""

from __future__ import annotations

from dataclasses import dataclass

EXTRACTORS = ("cascade", "both", "density")


@dataclass(frozen=True, kw_only=True, slots=True)
class Config:
    # Pages larger than this are refused rather than risk a batch on one monster file.
    # 50 MB is far above any real article page (the dev pages are all under 100 KB).
    max_input_bytes: int = 50 * 1024 * 1024

    # Filler: a passage must be at least this many characters and recur this often
    # before it can count as injected. 16 characters is about one clause of Chinese;
    # shorter repeats are slogans, names and headings.
    filler_min_chars: int = 16
    filler_min_copies: int = 2
    # ...and share at most this fraction of its character bigrams with the rest of the
    # page (off-topic). Measured on the seed filler: about 0.35; on repeated on-topic
    # sentences (a restated thesis, a quoted title) above 0.7.
    filler_max_topic_overlap: float = 0.55

    # Body region: a line counts as prose when it has at least this many characters
    # and ends in (or contains) sentence punctuation. 20 characters is one short sentence.
    prose_min_chars: int = 20

    # Title candidates are at most this long (Chinese headlines run 10-40 characters).
    title_max_chars: int = 80

    # Spam shape: a line of at least this many comma-separated phrases, each short,
    # with no sentence punctuation. 5 phrases of <= 12 characters never occur in prose.
    spam_min_phrases: int = 5
    spam_max_phrase_chars: int = 14

    # Script of the output: "keep" (as the page has it), "simplified" or "traditional"
    # (OpenCC t2s / s2t over the body and the title, every change recorded as an edit).
    # Default keep: converting is the user's choice, and the gold keeps the page's script.
    script: str = "keep"

    # HTML extraction (cleaner.extract.html), one of EXTRACTORS:
    # - "cascade" (default): our density extractor first; trafilatura only where density is
    #   unsure (`density_trusted`), and then the choice rule picks one. On dev-html 15 of 69
    #   pages ask trafilatura; F1 0.959.
    # - "both": trafilatura on every page too, then the choice rule: about 1.6 times the
    #   extraction time, for no gain on dev-html.
    # - "density": never trafilatura. About 1.6 times the cascade's pages per second (2.0
    #   times trafilatura's, `make bench`), for less F1 where density picks the wrong
    #   region (dev-html 0.930, trafilatura's own 0.842: `make eval`'s density_only).
    html_extractor: str = "cascade"

    def __post_init__(self) -> None:
        if self.html_extractor not in EXTRACTORS:
            raise ValueError(f"html_extractor must be one of {', '.join(EXTRACTORS)}, not {self.html_extractor!r}")


DEFAULT = Config()
