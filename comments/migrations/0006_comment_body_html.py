from django.db import migrations, models


def render_bodies(apps, schema_editor):
    from comments.rendering import rerender

    rerender(model=apps.get_model("comments", "Comment"))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_browser_trust_form_once_report_weight"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        # Existing comments get their HTML now; nothing to undo on the way back.
        migrations.RunPython(render_bodies, migrations.RunPython.noop, elidable=True),
    ]
