"""Imports and harvests: bulk CSV and JSON Lines files with a ZIP of images, the jobs that run
them on the queue, IIIF manifests imported by URL and the IIIF sources harvested on request."""
