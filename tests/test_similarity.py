"""How alike two questions are (townhall/services/similarity.py), on known pairs: paraphrases score at least
THRESHOLD and other questions below it, alone and among a meeting's other questions, in English, Chinese and
both mixed. The threshold in the module is chosen from these pairs."""
import pytest

from townhall.services.similarity import THRESHOLD, Index, features, similarity, stem

# Paraphrases: the same question asked in other words.
SAME = [
    ("When will the park reopen?", "When is the park reopening?"),
    ("公园什么时候重新开放？", "公园何时重新开放"),
    ("公园什么时候重新开放？", "公园何时重开"),
    ("公园的WiFi什么时候修好？", "公园WiFi何时修好"),
    ("When does the library open on Sundays?", "Is the library open on Sunday?"),
    ("Why was the bus route 12 cancelled?", "Why did they cancel bus route 12?"),
    ("Can we get more streetlights on Main Street?", "More street lights on Main St please"),
    ("Will the pool be heated this summer?", "Is the swimming pool going to be heated in summer?"),
    ("ＷｉＦｉ密码是什么？", "wifi密码是什么"),
]
# Other questions: on the same topic, asking something else, or on another topic altogether.
OTHER = [
    ("When will the park reopen?", "Why is the park closed?"),
    ("When will the park reopen?", "When will the budget be published?"),
    ("When will the park reopen?", "How do I recycle batteries?"),
    ("公园什么时候重新开放？", "图书馆周末开放吗？"),
    ("公园什么时候重新开放？", "预算什么时候公布？"),
    ("公园什么时候重新开放？", "When will the park reopen?"),
    ("Will the pool be heated this summer?", "Is the swimming pool open in winter?"),
    ("市长会来吗", "噪音问题谁来管？"),
]
# A meeting's other questions, for the scores among them (rarer words weigh more).
MEETING = [
    "When will the budget be published?", "How do I recycle batteries?", "Why is the park closed?",
    "Can the city plant more trees on Elm Street?", "Who decides where the new school is built?",
    "Will there be more buses at night?", "What happens to the old library building?",
    "How can residents join the planning committee?", "Is the swimming pool open in winter?",
    "Why are parking fines so high downtown?", "When will the road works on the bridge end?",
    "Can we have a dog park in the north district?", "What is being done about noise from the highway?",
    "How much did the new town hall cost?", "Will the farmers market move?", "Where can I report a broken streetlight?",
    "Is the park safe at night?", "What are the opening hours of the park cafe?", "Will the park get new benches?",
    "Are there plans for affordable housing?", "How will the council reduce traffic near schools?",
    "图书馆周末开放吗？", "预算什么时候公布？", "为什么公交车总是晚点？", "新学校建在哪里？", "垃圾分类怎么做？",
    "公园晚上安全吗？", "停车位太少了怎么办？", "社区医院什么时候开业？", "能不能多种一些树？", "噪音问题谁来管？",
    "公园里的厕所什么时候修好？", "老人活动中心在哪里？", "明年的房产税会涨吗？",
]


def among_meeting(a: str, b: str) -> float:
    """a's score against b when b is one of the meeting's questions."""
    index = Index([*enumerate(MEETING), (-1, b)])
    return dict(index.similar(a, limit=len(MEETING) + 1, threshold=0.0)).get(-1, 0.0)


@pytest.mark.parametrize("a, b", SAME)
def test_paraphrases_reach_the_threshold_alone_and_among_other_questions(a, b):
    for first, second in ((a, b), (b, a)):
        assert similarity(first, second) >= THRESHOLD, (first, second)
        assert among_meeting(first, second) >= THRESHOLD, (first, second)


@pytest.mark.parametrize("a, b", OTHER)
def test_other_questions_stay_below_the_threshold(a, b):
    for first, second in ((a, b), (b, a)):
        assert similarity(first, second) < THRESHOLD, (first, second)
        assert among_meeting(first, second) < THRESHOLD, (first, second)


def test_the_same_text_scores_one_and_a_text_without_words_nothing():
    assert similarity("When will the park reopen?", "when will the PARK reopen") == 1.0
    assert similarity("?!…", "When will the park reopen?") == 0.0
    assert Index([(1, "When will the park reopen?")]).similar("   ") == []


def test_the_features_of_english_chinese_and_full_width_text():
    assert set(features("When is the park reopening?")) == {"when", "park", "reopen"}
    # Bigrams and characters of each run, split at particles (的), question words written one way.
    chinese = features("公园的开放时间是什么时候？")
    assert {"公园", "开放", "放时", "时间", "何时"} <= set(chinese) and "园的" not in chinese and "的" not in chinese
    assert chinese["公园"] == 1.0 and chinese["公"] < 1.0
    assert set(features("ＷｉＦｉ密码")) == set(features("wifi密码")) >= {"wifi", "密码"}


@pytest.mark.parametrize("words, stemmed", [
    (("reopen", "reopens", "reopened", "reopening"), "reopen"),
    (("close", "closed", "closes", "closing"), "clos"),
    (("city", "cities"), "city"),
    (("stop", "stopped", "stopping"), "stop"),
])
def test_light_stemming_brings_the_forms_of_a_word_together(words, stemmed):
    assert {stem(word) for word in words} == {stemmed}


def test_the_index_ranks_the_most_alike_first_and_leaves_out_what_is_excluded():
    index = Index([(1, "When will the park reopen?"), (2, "When is the park reopening again?"),
                   (3, "How do I recycle batteries?"), (4, "When is the park reopening?")])
    found = index.similar("When will the park reopen?", exclude=[1])
    assert [question_id for question_id, _score in found] == [4, 2]
    assert found[0][1] == 1.0 and THRESHOLD <= found[1][1] < 1.0
    assert index.similar("When will the park reopen?", limit=1) == [(1, 1.0)]  # a tie: the older first


def test_texts_outside_the_index_are_scored_with_its_weights():
    index = Index([(1, "When will the park reopen?"), (2, "How do I recycle batteries?")])
    assert index.compare("When will the park reopen?", [(7, "When is the park reopening?"),
                                                         (8, "Where do batteries go?")]) == [(7, 1.0)]
