"""Full-text search: the stored vector, filled for existing articles, and its
GIN index. Both the backfill and the index happen on PostgreSQL only; on
SQLite the column exists and stays empty (the fallback search ignores it)."""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations

import articles.search


def backfill_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    # A copy of articles.search.vector_expression() as it was at this point.
    vector = (
        SearchVector("title", weight="A", config="german")
        + SearchVector("kicker", weight="B", config="german")
        + SearchVector("lead", weight="B", config="german")
        + SearchVector("body", weight="C", config="german")
    )
    Article.objects.using(schema_editor.connection.alias).update(search_vector=vector)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_comment_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # Filled before the index exists: one index build instead of many updates.
        migrations.RunPython(backfill_search_vectors, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="article",
            index=articles.search.PostgresGinIndex(
                fields=["search_vector"], name="article_search_gin"
            ),
        ),
    ]
