"""Toolkit behind the "After MINUSMA" course: course data, quizzes, timelines and grading.

Notebooks need a few names: ``timeline(concern)``, ``quiz(question_id)``,
``figure_table(ids)``, ``bar_chart(ids, title)``, ``event_map(concern)`` and ``load_course()``; everything else lives in the submodules. (The functions are bound here
after their submodules are imported, so ``from coursekit import quiz`` gives the function.)
"""

__version__ = "0.1.0"

from .data import load_course  # noqa: E402
from .figures import bar_chart, figure_table  # noqa: E402
from .lineage import lineage_diagram  # noqa: E402
from .maps import event_map  # noqa: E402
from .quiz import quiz  # noqa: E402
from .timeline import timeline  # noqa: E402

__all__ = ["bar_chart", "event_map", "figure_table", "lineage_diagram", "load_course", "quiz", "timeline"]
