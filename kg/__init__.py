"""zhkg: knowledge graphs from Chinese news.

>>> g = build_graph("星海研究院院士张三出席会议。", "demo")
>>> len(g) > 0
True
"""
from kg.pipeline import build_graph, extract, read_article

__version__ = "0.1.0"
__all__ = ["build_graph", "extract", "read_article", "__version__"]
