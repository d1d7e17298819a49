"""Museums: the member museums' profiles and their images."""
