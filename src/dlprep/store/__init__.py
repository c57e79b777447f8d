"""SQLite storage for what a learner does: attempts and hint reveals today; progress,
review cards and import/export later, each as new migrations in ``db.MIGRATIONS``."""
