"""Spaced repetition: the service (FSRS over topic cards), the review page and `dlprep review`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from typer.testing import CliRunner

from dlprep.bank.loader import load_bank
from dlprep.cli import app as cli_app
from dlprep.review import Review, card_keys
from dlprep.store import db
from dlprep.store import reviews as review_store


def test_cards_come_from_key_points_and_follow_ups_in_both_languages(svc):
    topic = svc.bank.topics["batch-normalization"]
    keys = card_keys(topic)
    assert len(keys) == len(topic.key_points("en")) + len(topic.follow_ups("en"))
    kp, fu = svc.review.text(keys[0], "en"), svc.review.text(keys[-1], "zh")
    assert kp.kind == "key_point" and kp.back == topic.key_points("en")[0]
    assert fu.kind == "follow_up" and (fu.front, fu.back) == topic.follow_ups("zh")[-1]


def test_rating_moves_the_due_date_and_logs_every_review(tmp_path):
    review = Review(tmp_path / "r.db", load_bank())
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    card = review.next_card("en", now)
    assert card is not None and card.state == "new"
    first = review.rate(card.text.key, 3, now)
    assert first.due > now and review.card(card.text.key).state == "learning"
    later = first.due + timedelta(seconds=1)
    assert review.next_card("en", later).text.key == card.text.key  # due again: it comes first
    second = review.rate(card.text.key, 3, later)
    assert second.due - later > first.due - now  # Good twice: the interval grows
    again = review.rate(card.text.key, 1, second.due)
    assert again.due - second.due < second.due - later  # Again: back soon
    logs = review.history(card.text.key)
    assert [entry.rating for entry in logs] == [3, 3, 1]
    assert logs[0].due_before is None and logs[1].due_before == logs[0].due_after


def test_new_cards_are_limited_per_day(tmp_path):
    review = Review(tmp_path / "r.db", load_bank(), new_per_day=2)
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    for _ in range(2):
        review.rate(review.next_card("en", now).text.key, 4, now)
    assert review.next_card("en", now) is None
    assert review.stats(now).new_available == 0


def test_the_review_page_shows_a_card_reveals_it_and_rating_shows_the_next_due_date(client, svc):
    page = client.get("/review").text
    key = re.search(r'id="card" data-key="([^"]+)"', page).group(1)
    assert 'id="card-back" hidden' in page and "Show answer" in page
    shown = client.get(f"/review?card={quote(key)}&show=1").text
    assert 'id="card-back" hidden' not in shown
    assert all(f'data-rating="{r}"' in shown for r in "1234")
    before = datetime.now(UTC)
    r = client.post("/review/rate", data={"card": key, "rating": "3", "duration_ms": "4200"})
    assert r.status_code == 200 and "Next review" in r.text and 'id="next-due"' in r.text
    with db.connect(svc.db_path) as conn:
        row = review_store.card(conn, key)
        logs = review_store.logs(conn, key)
    assert datetime.fromisoformat(row.due) > before and row.reps >= 1
    assert logs[-1].rating == 3 and logs[-1].duration_ms == 4200
    due_first = row.due
    client.post("/review/rate", data={"card": key, "rating": "4"})
    with db.connect(svc.db_path) as conn:
        assert review_store.card(conn, key).due > due_first  # Easy after Good: further away
        assert len(review_store.logs(conn, key)) == len(logs) + 1


def test_rating_an_unknown_card_is_a_404_and_a_bad_rating_is_refused(client):
    assert client.post("/review/rate", data={"card": "nope/kp/1", "rating": "3"}).status_code == 404
    key = "batch-normalization/kp/2"
    r = client.post("/review/rate", data={"card": key, "rating": "9"})
    assert r.status_code == 200 and 'data-key="batch-normalization/kp/2"' in r.text


def test_dlprep_review_in_the_terminal(tmp_path):
    path = tmp_path / "cli.db"
    result = CliRunner().invoke(cli_app, ["review", "--db", str(path), "--lang", "en", "--limit", "2"],
                                input="\n3\n\nx\n4\n")
    assert result.exit_code == 0, result.output
    assert "Enter shows the answer" in result.output and "Type 1, 2, 3 or 4." in result.output
    assert "next review" in result.output and "Reviewed 2 card(s)" in result.output
    with db.connect(path) as conn:
        assert [entry.rating for entry in review_store.logs(conn)] == [3, 4]
    quit_early = CliRunner().invoke(cli_app, ["review", "--db", str(path), "--lang", "zh"], input="q\n")
    assert quit_early.exit_code == 0 and "Reviewed 0 card(s)" in quit_early.output
