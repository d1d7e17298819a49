"""Curation: exhibitions written as one document of blocks, their drafts, review, team, versions,
schedule and trash, with their API."""
