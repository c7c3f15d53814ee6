"""Database index classes that models may declare (a ground-level module: it
imports no app)."""

from django.contrib.postgres.indexes import GinIndex


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL and nothing elsewhere: SQLite knows no GIN,
    and its fallback search does not read the vector. Declared on the model
    so that SQLite's table rebuilds in later migrations stay possible."""

    _SKIPPED = "-- GIN index {name}: PostgreSQL only"

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return self._SKIPPED.format(name=self.name)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return self._SKIPPED.format(name=self.name)
        return super().remove_sql(model, schema_editor, **kwargs)
