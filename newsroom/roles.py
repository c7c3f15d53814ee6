"""The newsroom's roles: which group may do what.

``ROLE_PERMISSIONS`` is the current truth. Each data migration in
``newsroom/migrations`` applies a frozen copy of the map as it was then (a
migration must not depend on today's code), and a test checks that the
newest migration's copy equals this map: change both together.
"""

CRUD = ("add", "change", "delete", "view")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Write and revise their own articles and submit them; never publish.
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
    # Everything editorial: publish, and manage sections, sources, authors, tags.
    "Editors": [
        "articles.publish_article",
        *(
            f"articles.{action}_{model}"
            for model in (
                "article",
                "byline",
                "citation",
                "correction",
                "image",
                "source",
                "section",
                "author",
            )
            for action in CRUD
        ),
        *(f"taggit.{action}_tag" for action in CRUD),
        *(f"taggit.{action}_taggeditem" for action in CRUD),
    ],
    # The comment queue, word lists and moderation log, and readers' requests
    # to export or erase their comments; nothing editorial.
    "Moderators": [
        "comments.view_comment",
        "comments.moderate_comment",
        "comments.handle_privacy_request",
        *(f"comments.{action}_blockedterm" for action in CRUD),
        "comments.view_decision",
        "comments.view_report",
    ],
}


def sync_roles(apps, schema_editor=None, roles=None):
    """Create the groups and give each exactly the permissions in ``roles``
    (default: the current map). Data migrations pass their historical
    ``apps`` and their frozen map."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; create them now so the
    # groups can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in (roles or ROLE_PERMISSIONS).items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
