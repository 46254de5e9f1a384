"""Engines beyond the local runner, each behind an optional extra.

* `cleaner.engines.ray_engine.run_ray` (`pip install 'cleaner[ray]'`): `cleaner clean
  --engine ray`, the same output contract computed with Ray Data on a local Ray or a
  cluster.
* `cleaner.engines.datatrove_step.CleanerStep` (`pip install 'cleaner[datatrove]'`):
  a datatrove PipelineStep that cleans `Document.text`.

Nothing here is imported by `import cleaner`: the extras stay optional.
"""
