"""Small helpers for stage tests: run the pipeline on a string, look at what fired."""

from __future__ import annotations

import cleaner


def run(text: str) -> cleaner.Result:
    return cleaner.clean(text, kind="text")


def rules(result: cleaner.Result) -> set[str]:
    """'stage/rule' of every removal and edit."""
    return {f"{r.stage}/{r.rule}" for r in result.removals} | {f"{e.stage}/{e.rule}" for e in result.edits}


# A paragraph of ordinary prose to wrap test lines in, so the body is found.
PROSE = (
    "今年以来，全市各级学校认真落实上级部署，围绕立德树人根本任务，扎实推进课程改革和教师队伍建设，"
    "各项工作取得了明显成效，得到了家长和社会各界的广泛认可。"
)
PROSE2 = (
    "下一步，教育部门将继续加大投入力度，完善保障机制，推动城乡教育资源均衡配置，"
    "让每一个孩子都能享有公平而有质量的教育。"
)


def page(*lines: str) -> str:
    return "\n".join(lines)
