"""site_builder: the static website generator of the Perpustakaan Daerah Kabupaten Jepara."""

__version__ = "0.1.0"
