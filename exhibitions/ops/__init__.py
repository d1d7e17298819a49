"""Operations: the command line, backup and restore, the trash's retention, the image store's
check against the database, and the demo alliance."""
