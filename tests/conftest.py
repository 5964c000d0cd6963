"""Shared fixtures: the sample graph and a headless Debian chromium for browser tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

DATA = Path(__file__).parent / "data"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def sample_graph() -> Graph:
    """tests/data/sample.ttl: one article, with a hostile string in an evidence literal."""
    return Graph().parse(DATA / "sample.ttl")


def _missing(reason: str) -> None:
    """Skip a browser test when a dependency is missing, but fail on CI, where it must run."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian chromium driven by playwright (never playwright's own browser download)."""
    if not Path(CHROMIUM).exists():
        _missing("Debian chromium not installed (make browser-deps)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_0f5b15eece7fc494.txt"
DEV = ROOT.parent / "shared" / "eval" / "dev"


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    """The seed article's graph, built once through the public API."""
    import kg

    return kg.build_graph(SEED.read_text(encoding="utf-8"), SEED.stem)


@pytest.fixture
def make_article():
    """make_article(body) → a cleaned Article: a headline, the body, a filler paragraph."""
    from kg.pipeline import read_article

    def make(body: str, headline: str = "测试标题"):
        return read_article("test", f"{headline}\n\n{body}\n\n本次活动共有一百余人参加，现场气氛热烈，与会人员进行了深入交流。\n")

    return make


# two invented articles for the store and push tests
STORE_ARTICLES = {
    "t1": "星海科技与蓝湾大学签署战略合作协议\n\n2026年3月5日，星海科技有限公司与蓝湾大学在杭州签署战略合作协议。"
          "星海科技有限公司副总经理李明表示，双方将在人工智能领域开展合作。蓝湾大学校长陈静出席签约仪式。\n\n"
          "本次活动共有一百余人参加，现场气氛热烈。\n",
    "t2": "东岭集团召开年度工作会议\n\n2026年4月2日，东岭集团年度工作会议在南京召开。东岭集团董事长赵刚、"
          "副总经理孙丽出席会议。赵刚表示，集团将继续推进数字化转型。\n\n会议期间，与会人员进行了深入交流。\n",
}
