"""Kept only because migrations of ``articles`` and ``comments`` name
``articles.validators.no_control_characters``; the validator lives in
:mod:`newsroom.validators`. Import it from there."""

from newsroom.validators import no_control_characters

__all__ = ["no_control_characters"]
