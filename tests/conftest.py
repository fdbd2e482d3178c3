"""Shared pytest options and fixtures for the course's tests."""

from pathlib import Path

import pytest

from coursekit.browser import CHROMIUM, CHROMIUM_ARGS


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite stored expected outputs (tests/files/quiz_html/, ...) "
                          "instead of comparing with them; review the diff before committing")


@pytest.fixture
def course_dir(tmp_path):
    """A fresh copy of the fixture course (tests/files/course) to edit and load."""
    import shutil

    root = tmp_path / "course"
    shutil.copytree(Path(__file__).parent / "files" / "course", root)
    return root


@pytest.fixture(scope="session")
def fake_course():
    """A small made-up course (tests/files/fake_course.py) for the quiz and question tests."""
    import importlib.util
    import sys

    name = "ck_fake_course"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / "files" / "fake_course.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name].FakeCourse()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (Playwright allows one sync driver)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (as root)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
