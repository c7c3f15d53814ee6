from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_drafts_autosave_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="transition",
            name="step",
            field=models.CharField(
                blank=True,
                choices=[
                    ("submit_review", "submitted for review"),
                    ("send_back", "sent back"),
                    ("publish", "published"),
                    ("schedule", "scheduled"),
                    ("submit_changes", "changes submitted for review"),
                    ("send_back_changes", "changes sent back"),
                    ("publish_changes", "changes published"),
                    ("discard_changes", "unpublished changes discarded"),
                    ("unpublish", "unpublished"),
                    ("archive", "archived"),
                ],
                max_length=30,
                verbose_name="step",
            ),
        ),
    ]
