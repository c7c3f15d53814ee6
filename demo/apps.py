from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content for a fresh installation (``manage.py load_demo``). No
    models: it writes the other apps' content through their services."""

    name = "demo"
    verbose_name = _("Demo content")
