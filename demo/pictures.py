"""The demo's pictures, drawn with Pillow from ``demo.data.IMAGES``: a
gradient with a few translucent shapes, no text. The bench data set draws
its pictures here too."""

import functools
import io

from PIL import Image as PILImage
from PIL import ImageDraw

IMAGE_SIZE = (1200, 675)


def render_demo_jpeg(spec: dict) -> bytes:
    """A deterministic abstract picture: a gradient with a few translucent shapes.
    Drawn once per process (the demo loads two dozen; tests load the demo often)."""
    return _render(tuple(spec["colors"]), tuple(spec["shapes"]))


@functools.cache
def _render(colors, shapes) -> bytes:
    start, end = colors
    vertical = PILImage.linear_gradient("L")  # 256 x 256, black at the top
    # A soft diagonal: mostly left-to-right, a little top-to-bottom.
    mask = PILImage.blend(vertical.rotate(90), vertical, 0.35).resize(IMAGE_SIZE)
    picture = PILImage.composite(
        PILImage.new("RGB", IMAGE_SIZE, end), PILImage.new("RGB", IMAGE_SIZE, start), mask
    ).convert("RGBA")
    overlay = PILImage.new("RGBA", IMAGE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for kind, coords, color in shapes:
        if kind == "ring":
            draw.ellipse(coords, outline=color, width=4)
        elif kind == "dot":
            draw.ellipse(coords, fill=color)
        elif kind == "box":
            draw.rectangle(coords, fill=color)
        elif kind == "cone":
            draw.polygon(coords, fill=color)
    picture = PILImage.alpha_composite(picture, overlay).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()
