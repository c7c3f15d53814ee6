"""The API's error messages: ``{"error": {"code": ..., "en": ..., "de": ...}}``.
The API has one address for all languages, so it says both. No Django REST
framework here (the URLconf's catch-all uses it too: api/urls.py)."""

from django.http import JsonResponse

MESSAGES = {
    "invalid_parameter": ("Invalid query parameter.", "Ungültiger Abfrageparameter."),
    "invalid_cursor": ("Invalid cursor.", "Ungültiger Cursor."),
    "not_found": ("Not found.", "Nicht gefunden."),
    "unknown_key": ("Unknown or inactive API key.", "Unbekannter oder inaktiver API-Schlüssel."),
    "rate_limited": (
        "Too many requests: try again in {wait} seconds.",
        "Zu viele Anfragen: bitte in {wait} Sekunden erneut versuchen.",
    ),
    "method_not_allowed": ("Method not allowed.", "Methode nicht erlaubt."),
    "error": ("The request could not be answered.", "Die Anfrage konnte nicht beantwortet werden."),
}


def body(code: str, **extra) -> dict:
    en, de = MESSAGES.get(code, MESSAGES["error"])
    wait = extra.get("retry_after")
    if wait is not None:
        en, de = en.format(wait=wait), de.format(wait=wait)
    return {"error": {"code": code, "en": en, "de": de, **extra}}


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a 404 in JSON, like the views'."""
    return JsonResponse(body("not_found"), status=404, json_dumps_params={"ensure_ascii": False})
