"""Submitting from the exercise page: verdicts, stored attempts, hints, oversized code, judge failures."""

from __future__ import annotations

import re

from dlprep.judge import grader
from dlprep.judge.sandbox import SandboxUnavailable
from dlprep.practice import MAX_CODE_BYTES
from tests.web.conftest import CORRECT_SOFTMAX, WRONG_SOFTMAX, text_of


def _attempt_ids(svc, slug):
    return [a.id for a in svc.practice.attempts(slug, limit=None)]


def test_a_correct_solution_is_accepted_shown_and_stored(client, svc):
    before = _attempt_ids(svc, "softmax")
    r = client.post("/exercises/softmax/submit", data={"code": CORRECT_SOFTMAX})
    assert r.status_code == 200 and re.search(r"/exercises/softmax\?attempt=\d+", str(r.url))
    assert 'data-status="Accepted"' in r.text
    body = text_of(r.text)
    assert "8/8" in body and "hidden" in body  # per-case feedback: every case, hidden ones marked
    new = [a for a in svc.practice.attempts("softmax", limit=None) if a.id not in before]
    assert len(new) == 1 and new[0].verdict == "Accepted" and new[0].code.strip() == CORRECT_SOFTMAX.strip()
    assert f"?attempt={new[0].id}" in r.text  # in the history
    assert "def softmax(z, axis=-1):" in r.text  # the submitted code stays in the editor


def test_a_wrong_solution_gets_a_wrong_answer_with_case_feedback(client, svc):
    before = _attempt_ids(svc, "softmax")
    r = client.post("/exercises/softmax/submit", data={"code": WRONG_SOFTMAX})
    assert 'data-status="Wrong Answer"' in r.text
    assert '<tr class="case-fail">' in r.text and "Expected" in r.text  # a public case shows expected vs got
    new = [a for a in svc.practice.attempts("softmax", limit=None) if a.id not in before]
    assert len(new) == 1 and new[0].verdict == "Wrong Answer"
    page = client.get("/exercises/softmax").text  # without ?attempt: the last attempt is in the editor
    assert "not shifted: overflows" in page and 'data-source="last"' in page


def test_a_syntax_error_is_a_compile_error(client):
    r = client.post("/exercises/softmax/submit", data={"code": "def softmax(z:\n    return"})
    assert 'data-status="Compile Error"' in r.text


def test_oversized_code_is_refused_with_413_not_stored_and_kept_in_the_editor(client, svc):
    before = _attempt_ids(svc, "softmax")
    code = CORRECT_SOFTMAX + "# padding\n" * (MAX_CODE_BYTES // 10 + 10)
    r = client.post("/exercises/softmax/submit", data={"code": code})
    assert r.status_code == 413
    assert "Submission too large" in r.text and "Nothing was stored" in r.text
    assert 'data-source="submitted"' in r.text and "# padding" in r.text
    assert _attempt_ids(svc, "softmax") == before


def test_a_huge_body_is_refused_unread_with_413(client, svc):
    before = _attempt_ids(svc, "softmax")
    r = client.post("/exercises/softmax/submit", content=b"code=" + b"x" * (2 * 1024 * 1024),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and "Submission too large" in r.text
    assert 'data-source="draft"' in r.text  # the page restores the editor from the browser's draft
    assert _attempt_ids(svc, "softmax") == before


def test_a_judge_failure_is_visible_and_the_attempt_is_still_stored(client, svc, monkeypatch):
    def unavailable(self, exercise, code, limits=None):
        raise SandboxUnavailable("bubblewrap (bwrap) is not installed; submissions are never run unsandboxed")

    monkeypatch.setattr(grader.Judge, "grade", unavailable)
    before = _attempt_ids(svc, "sigmoid-stable")
    r = client.post("/exercises/sigmoid-stable/submit", data={"code": "def sigmoid(x):\n    return x\n"})
    assert r.status_code == 200 and 'data-status="Judge Error"' in r.text and "bubblewrap" in r.text
    new = [a for a in svc.practice.attempts("sigmoid-stable", limit=None) if a.id not in before]
    assert len(new) == 1 and new[0].verdict == "Judge Error" and "return x" in new[0].code


def test_hints_are_revealed_one_at_a_time(client, svc):
    total = len(svc.practice.hints("rmsprop", "en").shown), svc.practice.hints("rmsprop", "en").total
    assert total[0] == 0
    page = client.post("/exercises/rmsprop/hint").text
    assert page.count('class="hint"') == 1
    for _ in range(5):
        page = client.post("/exercises/rmsprop/hint").text
    assert page.count('class="hint"') == total[1] and "All hints are shown" in page
    assert len(svc.practice.hints("rmsprop").shown) == total[1]


def test_an_old_attempt_can_be_opened_with_its_verdict(client, svc):
    attempt = svc.practice.attempts("softmax", limit=None)[-1]
    page = client.get(f"/exercises/softmax?attempt={attempt.id}").text
    assert 'data-source="attempt"' in page and f'data-status="{attempt.verdict}"' in page


def test_submitting_to_an_unknown_exercise_is_a_404(client):
    r = client.post("/exercises/sofmax/submit", data={"code": CORRECT_SOFTMAX})
    assert r.status_code == 404 and 'href="/exercises/softmax"' in r.text
