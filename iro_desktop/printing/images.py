"""Pictures for printed letters (the IRO's photo, the picture a child chose), made safe to keep.

A picture is re-encoded before it is stored: turned upright, scaled down to what a printed
page needs, and stripped of everything but the pixels. Phone photos carry the place they were
taken in their metadata, which must never travel into a child's letter.
"""

from __future__ import annotations

import io

from iro_desktop.errors import ValidationError

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_SIDE = 1000  # pixels: about 8 cm at 300 dpi, more than any picture on the page needs
FORMATS = {"PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF"}


def normalise_picture(data: bytes, field: str = "picture") -> tuple[bytes, str]:
    """(bytes, media type) of the picture re-encoded as PNG (when it has transparency) or JPEG.
    ValidationError if it is not a picture the app can read."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ValidationError([(field, "The file is empty.")])
    if len(data) > MAX_INPUT_BYTES:
        raise ValidationError([(field, "The picture is larger than 20 MB; choose a smaller one.")])
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in FORMATS:
            raise ValidationError([(field, f"Pictures in {kind} format cannot be used; "
                                    "use a PNG or JPEG picture.")])
        with Image.open(io.BytesIO(data)) as img:
            img.seek(0)
            img = ImageOps.exif_transpose(img)
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
            out = io.BytesIO()
            if has_alpha:
                img.convert("RGBA").save(out, "PNG", optimize=True)
                return out.getvalue(), "image/png"
            img.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            return out.getvalue(), "image/jpeg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError([(field, "This file is not a picture the app can read; "
                                "use a PNG or JPEG picture.")]) from exc
