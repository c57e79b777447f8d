"""The question bank: topic schema, parser, loader, validator and search.

Content lives in ``dlprep/content/topics/<slug>.md``; the acceptance list of seed
questions is ``dlprep/content/seed_map.tsv``.
"""
