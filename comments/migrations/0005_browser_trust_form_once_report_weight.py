# Trust and flood control per browser (Comment.sender), one comment per signed
# form (Comment.form_nonce), reports that cannot hide a comment a moderator kept
# (Comment.kept_after_reports), report weights and outcomes (issue 17).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_unreviewed_queue_privacy_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="form_nonce",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="comment",
            name="kept_after_reports",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="kept by a moderator after reports"
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="sender",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="browser"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("upheld", "upheld (comment rejected or spam)"),
                    ("overruled", "overruled (comment kept)"),
                ],
                max_length=10,
                verbose_name="outcome",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="weight",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="weight"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["sender", "created_at"], name="comment_sender_time_idx"),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["ip_address", "created_at"], name="report_ip_time_idx"),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("form_nonce", ""), _negated=True),
                fields=("form_nonce",),
                name="comment_form_nonce_once",
                violation_error_code="form_used",
                violation_error_message="This form has already been used. Please send your comment again.",
            ),
        ),
    ]
