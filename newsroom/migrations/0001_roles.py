from functools import partial

from django.db import migrations

from newsroom.roles import sync_roles

CRUD = ("add", "change", "delete", "view")

# The roles as they were when this migration was written (frozen).
ROLES = {
    "Journalists": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        *(f"articles.{action}_byline" for action in CRUD),
        *(f"articles.{action}_citation" for action in CRUD),
        "articles.view_correction",
        "articles.add_image",
        "articles.change_image",
        "articles.view_image",
        "articles.add_source",
        "articles.view_source",
        "articles.view_section",
        "articles.view_author",
        "taggit.view_tag",
    ],
    "Editors": [
        "articles.publish_article",
        *(
            f"articles.{action}_{model}"
            for model in (
                "article", "byline", "citation", "correction", "image", "source", "section",
                "author",
            )
            for action in CRUD
        ),
        *(f"taggit.{action}_tag" for action in CRUD),
        *(f"taggit.{action}_taggeditem" for action in CRUD),
    ],
    "Moderators": ["comments.view_comment", "comments.moderate_comment"],
}  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("comments", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(partial(sync_roles, roles=ROLES), migrations.RunPython.noop)]
