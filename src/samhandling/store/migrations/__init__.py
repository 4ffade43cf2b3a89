"""Alembic migrations of the store's schema: one file per schema version under ``versions/``.

``0001`` is the schema every release wrote before versions were recorded (a database
without an ``alembic_version`` table but with a ``maps`` table is stamped ``0001``
and upgraded from there); ``0002`` adds who saved each revision and the access
tables. :func:`samhandling.store.migrate.ensure_schema` runs them when a store opens.
"""
