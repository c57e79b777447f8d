import pytest

from dlprep.bank.loader import load_bank
from dlprep.bank.search import SearchIndex, tokenize
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_bank())


def test_tokenize_cuts_chinese_and_lowercases_english():
    tokens = tokenize("什么是批标准化（Batch Normalization）？")
    assert "标准化" in tokens and "batch" in tokens and "normalization" in tokens
    assert "什么" not in tokens  # stop words are dropped


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("批标准化", "batch-normalization"),
        ("batch norm", "batch-normalization"),
        ("梯度爆炸", "vanishing-exploding-gradients"),
        ("GAN", "gan"),
        ("生成对抗网络", "gan"),
        ("LSTM", "lstm"),
        ("迁移学习", "transfer-learning"),
        ("knowledge distillation", "knowledge-distillation"),
        ("模型蒸馏", "knowledge-distillation"),
        ("过拟合", "overfitting"),
        ("信用分配", "credit-assignment"),
        ("混合精度", "mixed-precision"),
        ("parameter server", "parameter-server"),
    ],
)
def test_queries_rank_the_right_topic_first(index, query, slug):
    hits = index.search(query)
    assert hits, query
    assert hits[0].slug == slug, [h.slug for h in hits[:5]]


def test_written_topics_are_found_by_both_titles(index):
    bank = index.bank
    assert bank.topics, "no topic is written yet"
    for slug, topic in bank.topics.items():
        for title in (topic.meta.title.zh, topic.meta.title.en):
            assert index.search(title)[0].slug == slug, title


def test_fixture_topic_is_found_by_its_body_words():
    index = SearchIndex(load_bank(FIXTURES))
    assert index.search("Deep Learning Basics")[0].slug == "deep-learning-basics"
    assert index.search("深度学习基础")[0].slug == "deep-learning-basics"
    assert index.search("differentiable representations")[0].slug == "deep-learning-basics"


def test_no_match_and_empty_query(index):
    assert index.search("zzqx") == []
    assert index.search("？！") == []
