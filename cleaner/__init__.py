"""cleaner: scraped web pages (HTML or text dumps) to clean article text, every cut explained.

    >>> import cleaner
    >>> result = cleaner.clean(open("page.html", "rb").read())   # doctest: +SKIP
    >>> result.text, result.title, result.metadata.date           # doctest: +SKIP
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
