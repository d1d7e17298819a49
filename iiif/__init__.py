"""IIIF for Caravanserai: the Image API server, Presentation manifests, Change Discovery, import."""
