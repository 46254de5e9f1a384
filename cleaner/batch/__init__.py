"""Batch runs over a folder: parallel workers, ordered atomic outputs, a summary."""

from cleaner.batch.runner import run_batch

__all__ = ["run_batch"]
