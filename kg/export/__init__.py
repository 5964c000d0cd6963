"""Exporters: each format is a module with a pure ``*_text`` function and a ``write_*`` shell."""
from kg.export.html import html_text, write_html

__all__ = ["html_text", "write_html"]
