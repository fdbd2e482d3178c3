"""Do readers keep their quiz answers: saved in the browser, shown as progress, reset, downloaded?"""

import json

import pytest

from .test_quizzes import QUIZZES, _feedback, answer, bank  # noqa: F401  (bank is a fixture)

pytestmark = pytest.mark.site


def _page_with_quizzes():
    pages = {}
    for path, qid in QUIZZES:
        pages.setdefault(path, []).append(qid)
    return max(pages.items(), key=lambda kv: len(kv[1]))


def _progress(page):
    bar = page.locator(".ck-progress")
    return int(bar.get_attribute("data-answered")), int(bar.get_attribute("data-correct")), \
        bar.locator(".ck-progress-text").inner_text()


@pytest.fixture
def chapter(visit, browser, site_url):
    """A chapter page in its own browser context (its own, empty localStorage)."""
    path, ids = _page_with_quizzes()
    return visit(path), path, ids


def test_answers_persist_across_a_reload_and_reset_clears_them(chapter, bank):
    v, path, ids = chapter
    page = v.page
    assert _progress(page)[:2] == (0, 0)
    right, wrong = ids[0], ids[1]
    for qid, is_right in ((right, True), (wrong, False)):
        quiz = page.locator(f"#ck-quiz-{qid}")
        quiz.scroll_into_view_if_needed()
        answer(quiz, bank[qid], right=is_right)
        quiz.locator("button.ck-check").click()
    answered, correct, text = _progress(page)
    assert (answered, correct) == (2, 1)
    assert f"2 of {len(ids)} questions answered, 1 correct" in text

    page.reload()
    page.wait_for_selector(".ck-progress")
    assert _progress(page)[:2] == (2, 1)
    assert "ck-correct" in _feedback(page.locator(f"#ck-quiz-{right}"))[0]
    assert "ck-incorrect" in _feedback(page.locator(f"#ck-quiz-{wrong}"))[0]
    # the restored answer is the one given, not just a mark
    assert page.locator(f"#ck-quiz-{right}").evaluate("q => ckQuiz.getResponse(q).length") > 0

    page.locator(".ck-progress-reset").click()
    assert _progress(page)[:2] == (0, 0)
    page.reload()
    page.wait_for_selector(".ck-progress")
    assert _progress(page)[:2] == (0, 0)
    assert _feedback(page.locator(f"#ck-quiz-{right}"))[1] == ""


def test_one_quizs_try_again_forgets_only_that_answer(chapter, bank):
    v, path, ids = chapter
    page = v.page
    for qid in ids[:2]:
        quiz = page.locator(f"#ck-quiz-{qid}")
        answer(quiz, bank[qid], right=True)
        quiz.locator("button.ck-check").click()
    page.locator(f"#ck-quiz-{ids[0]} button.ck-reset").click()
    assert _progress(page)[:2] == (1, 1)


def test_download_gives_a_record_of_the_self_check_answers(chapter, bank, tmp_path):
    v, path, ids = chapter
    page = v.page
    quiz = page.locator(f"#ck-quiz-{ids[0]}")
    answer(quiz, bank[ids[0]], right=True)
    quiz.locator("button.ck-check").click()
    with page.expect_download() as info:
        page.locator(".ck-progress-download").click()
    dl = info.value
    assert dl.suggested_filename == "after-minusma-self-check.json"
    target = tmp_path / dl.suggested_filename
    dl.save_as(target)
    rec = json.loads(target.read_text())
    assert rec["course"] == "After MINUSMA" and rec["answered"] == 1 and rec["correct"] == 1
    (entry,) = rec["answers"]
    assert entry["question"] == ids[0] and entry["correct"] is True
    assert entry["page"] == path
    assert v.external == []  # nothing was sent anywhere


def _download(page, tmp_path):
    with page.expect_download() as info:
        page.locator(".ck-progress-download").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_the_record_keeps_every_attempt_with_its_time_and_a_checksum(chapter, bank, tmp_path):
    """A wrong answer, Try again, a right answer: both attempts are in the record, in order,
    with their times; the checksum is the one coursekit.selfcheck computes."""
    from coursekit import selfcheck

    v, path, ids = chapter
    page = v.page
    qid = ids[0]
    quiz = page.locator(f"#ck-quiz-{qid}")
    quiz.scroll_into_view_if_needed()
    answer(quiz, bank[qid], right=False)
    quiz.locator("button.ck-check").click()
    quiz.locator("button.ck-reset").click()
    if bank[qid].kind == "multiple":
        for box in quiz.locator(".ck-option input").all():
            box.uncheck()
    answer(quiz, bank[qid], right=True)
    quiz.locator("button.ck-check").click()
    page.reload()  # restoring the answer is not another attempt
    page.wait_for_selector(".ck-progress")
    target = _download(page, tmp_path)
    rec = json.loads(target.read_text())
    assert rec["checksum"]["value"] == selfcheck.checksum(rec)
    assert "not an exam" in rec["note"]
    (entry,) = rec["answers"]
    assert entry["question"] == qid and entry["page"] == path
    assert [a["correct"] for a in entry["attempts"]] == [False, True]
    assert entry["attempts"][0]["at"] <= entry["attempts"][1]["at"]
    r = selfcheck.read_record(target)
    assert r.status == "ok" and len(r.answers[qid]) == 2
    assert v.external == []


def test_an_answer_stored_by_the_earlier_version_is_kept_as_one_attempt(chapter, bank, tmp_path):
    """Readers who answered before attempts were kept: their stored answer ({kind, correct,
    response, page, at}) is restored and becomes the first attempt of the record."""
    v, path, ids = chapter
    page = v.page
    qid = ids[0]
    quiz = page.locator(f"#ck-quiz-{qid}")
    answer(quiz, bank[qid], right=True)
    response = quiz.evaluate("q => ckQuiz.getResponse(q)")
    old = {"kind": bank[qid].kind, "correct": True, "response": response, "page": path,
           "at": "2026-11-01T10:00:00.000Z"}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"after-minusma:quiz:{qid}", json.dumps(old)])
    page.reload()
    page.wait_for_selector(".ck-progress")
    assert _progress(page)[:2] == (1, 1)
    rec = json.loads(_download(page, tmp_path).read_text())
    (entry,) = rec["answers"]
    assert entry["attempts"] == [{"answer": response, "correct": True, "at": "2026-11-01T10:00:00.000Z"}]
