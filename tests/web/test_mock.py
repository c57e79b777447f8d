"""The mock interview: start, timer, self-ratings, the coding exercise's verdict, the summary."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from dlprep.bank.loader import load_bank
from dlprep.mock import MockInterviews
from tests.web.conftest import text_of


def test_a_mock_interview_from_start_to_summary(client, svc):
    r = client.post("/mock", data={"questions": "3", "minutes": "10"})
    assert r.status_code == 200
    session_id = int(re.search(r"/mock/(\d+)$", str(r.url)).group(1))
    page = r.text
    assert page.count('class="card mock-q') == 3 and 'id="timer"' in page and 'data-deadline="' in page
    assert "Reveal the model answer" in page and 'id="mock-coding"' in page
    session = svc.mock.get(session_id, "en")
    assert len({i.topic for i in session.items}) == 3  # different topics
    client.post(f"/mock/{session_id}/rate", data={"position": "1", "rating": "4"})
    client.post(f"/mock/{session_id}/rate", data={"position": "2", "rating": "1"})
    page = client.post(f"/mock/{session_id}/finish").text
    assert 'id="summary"' in page and 'id="timer"' not in page
    body = text_of(page)
    assert "2 of 3 rated" in body and "2.5" in body  # average of 4 and 1
    weak = svc.mock.get(session_id, "en").items[1]
    assert f'href="/topics/{weak.topic}"' in page.split('id="summary"')[1].split("</section>")[0]
    assert svc.mock.get(session_id).finished


def test_the_coding_exercise_counts_attempts_made_during_the_session(tmp_path):
    mock = MockInterviews(tmp_path / "m.db", load_bank())
    start = datetime.now(UTC) - timedelta(minutes=1)
    session_id = mock.start(2, 5, "en", seed=3, now=start)
    session = mock.get(session_id)
    assert session.exercise is not None and session.exercise.attempts == 0
    from dlprep.store import attempts, db

    with db.connect(tmp_path / "m.db") as conn:
        aid = attempts.start(conn, session.exercise.slug, "code")
        attempts.finish(conn, aid, "Accepted", 3, 3, 1.0, {})
    summary = mock.finish(session_id)
    assert summary.session.exercise.best == "Accepted" and summary.session.exercise.attempts == 1
    assert not summary.overtime


def test_bad_mock_input_is_refused_clearly(client):
    r = client.post("/mock", data={"questions": "0", "minutes": "10"})
    assert r.status_code == 200 and "questions must be between 1 and 20" in r.text
