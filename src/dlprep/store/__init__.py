"""SQLite storage for what a learner does: attempts and hint reveals (migration 1); review cards
and their log, topic reading progress, mock interviews (migration 2). Each feature adds tables as a
new step of ``db.MIGRATIONS``. ``connections`` keeps connections open for the web app."""
