"""Shared pytest options for the course's tests."""


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite stored expected outputs (tests/files/quiz_html/, ...) "
                          "instead of comparing with them; review the diff before committing")
