"""Statistics across the pages of a batch (CCNet-style), collected in a first pass.

A line that recurs on many pages of one site is that site's chrome, whatever it
says; a passage that recurs across pages is injected filler when it is foreign
to the page it sits in. Only 8-byte hashes are kept, never the strings, and each
table is capped, so memory stays bounded whatever the batch size.
"""

from cleaner.stats.site import SiteStats, line_hash, page_keys, site_of

__all__ = ["SiteStats", "line_hash", "page_keys", "site_of"]
