"""cleaner: scraped web pages (HTML or text dumps) to clean article text, every cut explained.

    >>> import cleaner
    >>> result = cleaner.clean(open("page.html", "rb").read())   # doctest: +SKIP
    >>> result.text, result.title, result.metadata.date           # doctest: +SKIP

Tuning and the stages: `Config` is frozen and keyword-only; `default_pipeline(config)`
is the `Pipeline` that `clean` runs (its repair and mark stages in order):

    >>> config = cleaner.Config(filler_min_copies=3)
    >>> pipeline = cleaner.default_pipeline(config)
    >>> isinstance(pipeline, cleaner.Pipeline), pipeline.config.filler_min_copies
    (True, 3)
    >>> r = cleaner.clean("返回首页\\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。", kind="text", config=config)
    >>> r.text, [str(x.reason) for x in r.removals]
    ('今天天气很好，我们去公园散步，看到了很多人在锻炼身体。', ['chrome'])
    >>> cleaner.Result.from_json(r.to_json()).text == r.text   # the stable JSON form (documents.jsonl)
    True
"""

from cleaner.api import clean, clean_file, survey
from cleaner.config import Config
from cleaner.pipeline import Pipeline, default_pipeline
from cleaner.types import Edit, InputError, Metadata, Reason, Removal, Result

__all__ = [
    "Config",
    "Edit",
    "InputError",
    "Metadata",
    "Pipeline",
    "Reason",
    "Removal",
    "Result",
    "clean",
    "clean_file",
    "default_pipeline",
    "survey",
]
__version__ = "0.1.0"
