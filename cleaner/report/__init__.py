"""The report of a batch: what was cut, why, and by which rule (OUT/report.html), and
`cleaner explain FILE`, the same for one page in the terminal.

    write_report(out_dir, src_dir, summary=..., config=...)   # index + one view per page
    write_index(out_dir, gold_dir=...)                        # the index alone (e.g. with gold F1)
"""

from cleaner.report.html import report_batch, write_index, write_report

__all__ = ["report_batch", "write_index", "write_report"]
