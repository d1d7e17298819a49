"""The Content Security Policy of the pages, and its variants for the pages that need one."""

# The sha256 of an empty string: the one inline <style> the pages may hold is an empty one.
EMPTY_STYLE_HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
# Scripts only from our own origin (no inline script anywhere); images and IIIF JSON may come
# from member museums' own IIIF servers (harvested objects keep their image services there).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # OpenSeadragon adds a <style> of its own unless the page already has one marked
    # data-openseadragon-mobile-css: the layout holds an empty one, allowed by its hash.
    f"style-src 'self' '{EMPTY_STYLE_HASH}'",
    "img-src 'self' data: blob: https:",
    "connect-src 'self' https:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Mirador styles its components at run time with <style> elements (CSS-in-JS): the compare
# page alone allows inline styles; scripts stay restricted there too.
RELAXED_STYLES = CONTENT_SECURITY_POLICY.replace(f"style-src 'self' '{EMPTY_STYLE_HASH}'",
                                                 "style-src 'self' 'unsafe-inline'")
# The embed pages (/embed/...) are made to be framed by museums' own sites; no other page is.
EMBEDDABLE = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
