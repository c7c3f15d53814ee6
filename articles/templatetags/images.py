"""``{% responsive_image %}``: an ``<img>`` with ``srcset`` from the stored
renditions, fixed width/height (no layout shift) and lazy loading.

    {% load images %}
    {% responsive_image image sizes="(min-width: 48rem) 42rem, 100vw" loading="eager" %}

Rendering does no I/O and no query: the rendition URLs follow from the file
name and the width/height columns (see ``articles.images.rendition_urls``).
"""

from django import template

from articles.images import rendition_urls

register = template.Library()

LOADING_VALUES = {"lazy", "eager"}
FETCHPRIORITY_VALUES = {"high", "low", "auto"}


@register.inclusion_tag("articles/_image.html")
def responsive_image(image, sizes="100vw", loading="lazy", css_class="", fetchpriority=""):
    """Render ``image`` (an ``articles.Image`` or None, which renders nothing).

    ``loading="eager"`` is for the picture that is visible at once (a hero);
    it also gets ``fetchpriority="high"`` unless another priority is given.
    """
    if not image or not getattr(image, "file", None):
        return {"image": None}
    loading = loading if loading in LOADING_VALUES else "lazy"
    if fetchpriority not in FETCHPRIORITY_VALUES:
        fetchpriority = "high" if loading == "eager" else ""
    src = image.file.url
    candidates = rendition_urls(image)
    if candidates:
        candidates.append((src, image.width))
    return {
        "image": image,
        "src": src,
        "srcset": candidates,
        "sizes": sizes or "100vw",
        "loading": loading,
        "fetchpriority": fetchpriority,
        "css_class": css_class,
    }
