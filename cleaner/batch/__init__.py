"""Batch runs over a folder: streamed, parallel, guarded, resumable; outputs assembled in input order."""

from cleaner.batch.runner import run_batch

__all__ = ["run_batch"]
