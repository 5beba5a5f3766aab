"""A deck of interview questions with long prompts (long Chinese ones above all), and a fixed mock record over it."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from quiz import mock
from quiz.session import Graded

PROMPTS = [
    ("Explain ZeRO stages 1, 2 and 3 (and FSDP). Give the per-GPU model-state memory of each for a 7.5B-parameter model "
     "trained with Adam in mixed precision on 64 GPUs.",
     "解释 ZeRO 的 stage 1、2、3（以及 FSDP）。对一个用 Adam 混合精度训练、7.5B 参数、64 张 GPU 的模型，给出每种方式下每张 GPU 的模型状态显存。"),
    ("Derive the posterior of the forward process q(x_{t−1}|x_t, x₀): its mean μ̃_t and variance β̃_t.",
     "推导前向过程的后验 q(x_{t−1}|x_t, x₀)：均值 μ̃_t 和方差 β̃_t，并说明为什么它是高斯分布。"),
    ("How does Ring Attention serve contexts of millions of tokens?",
     "Ring Attention 是怎样训练或服务数百万 token 的上下文的？推导让通信完全被计算掩盖所需的最小块大小。"),
    ("Compare post-norm and pre-norm transformer blocks.",
     "比较 post-norm 和 pre-norm 的 Transformer 块。为什么现在的大模型几乎都用 pre-norm？"),
    ("What does sampling temperature do?",
     "采样温度起什么作用？对 logits [2, 1, 0] 分别计算 T = 1 和 T = 0.5 时的概率。"),
    ("Why does a GAN's discriminator loss go to zero while the samples stay poor?",
     "为什么 GAN 的判别器损失降到零而样本依然很差？这说明了什么，又该怎么改？"),
]
IDS = [f"talk.q{i}" for i in range(len(PROMPTS))]


def _deck() -> str:
    lines = ["format: 1", "deck: {id: talk, title: {en: Interview talk, zh: 面试问答}}", "questions:"]
    for qid, (en, zh) in zip(IDS, PROMPTS, strict=True):
        lines += [f"  - id: {qid}", "    kind: open", "    difficulty: hard", "    frequency: 5",
                  f"    prompt: {{en: \"{en}\", zh: \"{zh}\"}}", '    answer: {en: "The answer.", zh: "答案。"}',
                  "    key_points: [{en: one, zh: 一}, {en: two, zh: 二}]"]
    return "\n".join(lines) + "\n"


def talk_bank(tmp_path: Path) -> Path:
    """A folder holding the talk deck (load it beside tests/data/bank)."""
    folder = tmp_path / "talk"
    folder.mkdir(exist_ok=True)
    (folder / "talk.yaml").write_text(_deck(), encoding="utf-8")
    return folder


FINISHED = datetime(2026, 12, 3, 9, 30, tzinfo=timezone.utc)


def talk_record() -> mock.MockRecord:
    """A finished mock over the talk deck: three graded (one well), one cut short by the time-out
    with text typed, two not reached; answers typed in both languages."""
    graded = [Graded(IDS[0], 1, 95_000, 0.0), Graded(IDS[1], 3, 140_000, 1.0), Graded(IDS[2], 2, 120_000, 0.5)]
    typed = {IDS[0]: "Stage 1 shards optimiser states;\nstage 2 adds gradients.", IDS[1]: "后验是高斯分布，均值是 x₀ 与 x_t 的加权和。",
             IDS[3]: "pre-norm keeps the residual path clean"}
    return mock.make_record(IDS, graded, typed, finished_at=FINISHED, elapsed=24 * 60 + 51, decks=["talk"], minutes=25,
                            unfinished=IDS[3])
