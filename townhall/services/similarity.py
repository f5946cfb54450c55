"""How alike two questions are, in Chinese, English or both, with no external service and no database.

A text becomes a set of features (features()):
- NFKC, then casefold: full-width letters and digits become ASCII ones ("ＷｉＦｉ" is "wifi");
- Latin-script words (letters and digits), without English stop words ("the", "is", "will"...) but with
  the question words ("when", "why": "When will the park reopen?" and "Why is the park closed?" differ
  there), lightly stemmed (reopening, reopened, reopens -> reopen; cities -> city);
- runs of CJK characters (Chinese, Japanese kana, Korean), split at the particles that carry no topic
  (的, 了, 吗, 呢...), a few question words written one way (什么时候 / 啥时候 -> 何时, 为什么 -> 为何), then
  their character bigrams (公园 园何 何时...) and, at a third of the weight, their characters: Chinese has no
  spaces, and bigrams are the common way to index it without a dictionary.
No library: a Chinese segmenter (jieba: a 19 MB package whose dictionary every worker would hold in memory)
finds words where bigrams already match, and an edit-distance library (rapidfuzz) scores spelling, not shared
words ("When will the park reopen?" / "When is the park reopening?" differ by 8 edits); this is 150 lines.

Two texts are compared by the cosine of their feature vectors, each feature weighted by how rare it is
among the texts compared against (smoothed inverse document frequency, 1 + ln((1 + n) / (1 + df))): in a
meeting about the park, "park" in every question says little. Among a handful of questions the weights are
all close to 1 and the score is the plain cosine.

THRESHOLD was chosen from the pairs in tests/test_similarity.py, each scored alone and among 34 other
questions of a meeting: the paraphrases score 0.42-1.0 ("When will the park reopen?" / "When is the park
reopening?" 1.0, "公园什么时候重新开放？" / "公园何时重新开放" 1.0, "公园何时重开" 0.53-0.63, "Can we get more
streetlights on Main Street?" / "More street lights on Main St please" 0.42-0.55); the questions that ask
something else, on the same topic or not, 0.29 at most. 0.4 sits between, nearer the paraphrases: a wrong
suggestion is cheap to ignore, a missed one costs a duplicate.
What it cannot see: synonyms that share no word or character ("What is the budget for bike lanes?" / "How
much money goes to bike lanes?" 0.28 alone; "停车费会涨价吗" / "停车费是否会上涨" 0.31-0.39), and a question
asked in another language. Two questions of the same form about different things in one place can match
("公园的WiFi什么时候修好" / "公园里的厕所什么时候修好" 0.62): a suggestion, the moderator decides.
"""
import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

THRESHOLD = 0.4

_CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
        "\U00020000-\U0002ebef")
_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits (CJK runs are spaced out before this is used)
# Particles and pronouns that carry no topic: a CJK run is split at them.
_CJK_STOP = re.compile("[的了吗呢吧啊呀哦么是在有和与及或我你您他她它们这那请问就都也还把被对]+")
# Question words written in more than one way, each to one spelling (longest first).
_CJK_SAME = (("什么时候", "何时"), ("啥时候", "何时"), ("几时", "何时"), ("为什么", "为何"), ("为啥", "为何"),
             ("怎么样", "如何"), ("怎么", "如何"), ("怎样", "如何"), ("什么", "何"), ("哪里", "何处"),
             ("哪儿", "何处"))
_STOP = frozenset("""
a an the is are was were be been being am will would shall should can could may might must do does did done
to of in on at for from by with about into over after before as and or but if so than then that this these
those there here it its i me my we us our you your he him his she her they them their what's it's i'm
please any some all also just only very much more most no not there's has have had get got having
""".split())
_CHAR_WEIGHT = 1 / 3  # a CJK character alone, beside the bigrams it is part of


@lru_cache(maxsize=4096)  # an event's 1,000 questions in both indexes, and some
def features(text: str) -> dict[str, float]:
    """The text's features with their own weights (before rarity): words and bigrams 1, CJK characters 1/3."""
    text = unicodedata.normalize("NFKC", text).casefold()
    found: dict[str, float] = {}
    for run in _RUN.findall(text):
        for before, after in _CJK_SAME:
            run = run.replace(before, after)
        for part in _CJK_STOP.split(run):
            for i, char in enumerate(part):
                found.setdefault(char, _CHAR_WEIGHT)
                if i + 1 < len(part):
                    found[part[i:i + 2]] = 1.0
    for word in _WORD.findall(_RUN.sub(" ", text)):
        if word not in _STOP:
            found[stem(word)] = 1.0
    return found


def stem(word: str) -> str:
    """A light English stemmer: the endings that make most paraphrases differ (-ing, -ed, -s, -es, -ies),
    a doubled final consonant and a final e, so that close / closed / closing / closes meet."""
    if not word.isascii() or not word.isalpha() or len(word) <= 3:
        return word
    for ending, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            word = word[: -len(ending)] + keep
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


class Index:
    """Texts (by id) to compare others against, with an inverted index: a query looks only at the texts that
    share a feature with it. Built once, then only read (threads may share it)."""

    def __init__(self, texts: Iterable[tuple[int, str]]):
        found = [(text_id, features(text)) for text_id, text in texts]
        self.size = len(found)
        counts = Counter(feature for _id, own in found for feature in own)
        self._idf = {feature: self._rarity(count) for feature, count in counts.items()}
        self._unseen = self._rarity(0)
        # A feature weighs the same in every text (its kind times its rarity): the postings are plain ids
        # (ints are no work for the garbage collector; 1,000 questions make about 30,000 postings).
        self._postings: dict[str, list[int]] = {}
        self._weights: dict[str, float] = {}
        self._norms: dict[int, float] = {}
        for text_id, own in found:
            squares = 0.0
            for feature, weight in own.items():
                weight = self._weights.setdefault(feature, weight * self._idf[feature])
                squares += weight * weight
                self._postings.setdefault(feature, []).append(text_id)
            self._norms[text_id] = math.sqrt(squares)

    def _rarity(self, count: int) -> float:
        return 1 + math.log((1 + self.size) / (1 + count))

    def _vector(self, text: str) -> tuple[dict[str, float], float]:
        weights = {feature: weight * self._idf.get(feature, self._unseen) for feature, weight in features(text).items()}
        return weights, math.sqrt(sum(w * w for w in weights.values()))

    def similar(self, text: str, *, limit: int = 3, threshold: float = THRESHOLD,
                exclude: Iterable[int] = ()) -> list[tuple[int, float]]:
        """The ids of the texts most like `text`, best first, each with its score (0..1), at least `threshold`."""
        query, norm = self._vector(text)
        if not norm:
            return []
        dots: dict[int, float] = {}
        for feature, weight in query.items():
            if feature in self._postings:
                product = weight * self._weights[feature]
                for text_id in self._postings[feature]:
                    dots[text_id] = dots.get(text_id, 0.0) + product
        skip = set(exclude)
        scores = ((text_id, dot / (norm * self._norms[text_id])) for text_id, dot in dots.items()
                  if text_id not in skip)
        return best(scores, limit, threshold)

    def compare(self, text: str, others: Iterable[tuple[int, str]], *, limit: int = 3,
                threshold: float = THRESHOLD) -> list[tuple[int, float]]:
        """As similar(), among texts that are not in the index (weighted by its rarities)."""
        query, norm = self._vector(text)
        scores = []
        for text_id, other_text in others:
            other, other_norm = self._vector(other_text)
            if norm and other_norm:
                dot = sum(weight * other.get(feature, 0.0) for feature, weight in query.items())
                scores.append((text_id, dot / (norm * other_norm)))
        return best(scores, limit, threshold)


def best(scores: Iterable[tuple[int, float]], limit: int, threshold: float = THRESHOLD) -> list[tuple[int, float]]:
    """The `limit` best (id, score) pairs at or above threshold, best first (the older id first on a tie), each
    score rounded to 3 places."""
    rounded = ((text_id, round(score, 3)) for text_id, score in scores)
    return heapq.nsmallest(limit, (pair for pair in rounded if pair[1] >= threshold), key=lambda p: (-p[1], p[0]))


def similarity(a: str, b: str) -> float:
    """How alike two texts are on their own (0..1): a's score against an index of b alone."""
    found = Index([(0, b)]).similar(a, threshold=0.0)
    return found[0][1] if found else 0.0
