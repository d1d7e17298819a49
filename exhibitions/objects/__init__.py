"""Objects: what member museums do to their records (contribution, versions, trash), the records
answered for them, their images' places in the store, and audio and video with its API."""
