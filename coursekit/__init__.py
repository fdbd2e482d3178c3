"""Toolkit behind the "After MINUSMA" course: course data, quizzes, timelines and grading."""

__version__ = "0.1.0"
