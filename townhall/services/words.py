"""Words in answers, for the word cloud: Latin-script words by letters, Chinese by segmentation.

Chinese is written without spaces, so a run of Han characters is one "word" to a regular expression
("今天很热闹" would count as a single word, and "热闹" in another answer would not match it). Runs of
Han characters are cut into words with jieba's dictionary (rjieba: jieba-rs, the Rust port; its
dictionary loads in about 0.1 s, against about 0.9 s for the Python jieba, which would freeze a gevent
process's every phone the first time a cloud is drawn). It is imported the first time an answer has Han
characters (0.1 s and 34 MB of dictionary per process, measured), so a process that never sees Chinese
never pays for it. A Chinese word counts from two characters:
single characters are mostly particles and pronouns (的, 了, 我, 很). Other text keeps the rule of
before: words of MIN_WORD_LENGTH letters or more, English stop words left out.
"""
import re

MIN_WORD_LENGTH = 3
MIN_HAN_LENGTH = 2
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each even ever every few for from further get gets got had hadn't has hasn't have haven't having
he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if
in into is isn't it it's its itself just let's like me more most much must mustn't my myself no nor not
now of off on once one only or other ought our ours ourselves out over own really same shan't she she'd
she'll she's should shouldn't so some such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've this those through thus to too under until up upon us
very via was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
while who who's whom why why's will with won't would wouldn't yes yet you you'd you'll you're you've your
yours yourself yourselves
""".split())
# Chinese words of two characters or more that carry no topic: pronouns, conjunctions, adverbs of degree.
HAN_STOP_WORDS = frozenset("""
我们 你们 他们 她们 它们 咱们 大家 自己 这个 那个 这些 那些 这样 那样 这里 那里 什么 怎么 怎样 为什么
哪里 哪个 一个 一些 一下 一点 有点 没有 不是 就是 还是 或者 而且 但是 可是 因为 所以 如果 虽然 然后 已经
非常 特别 比较 真的 觉得 认为 可以 可能 应该 需要 希望 知道 时候 现在 今天 还有 以及 关于 对于 通过
""".split())


def words_of(text: str) -> set[str]:
    """The distinct words of `text` that a word cloud counts, lowercase."""
    text = text.lower()
    runs = _HAN_RUN.findall(text)
    found = set()
    if runs:
        import rjieba  # here: its dictionary loads on import, only needed when there is Chinese

        found = {word for run in runs for word in rjieba.cut(run)
                 if len(word) >= MIN_HAN_LENGTH and word not in HAN_STOP_WORDS}
    for word in _WORD.findall(_HAN_RUN.sub(" ", text)):
        word = word.replace("’", "'")
        if word not in STOP_WORDS and sum(c.isalpha() for c in word) >= MIN_WORD_LENGTH:
            found.add(word)
    return found
