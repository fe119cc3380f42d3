"""Unit tests for the safeguarding crisis-word matcher and its lexicon loader.

Every category is caught in every language (examples written for these tests), ordinary talk
and idioms are not, Latin-script spellings and typing slips are caught, a bad lexicon entry
is refused with an error naming the file and the entry, and a match carries phrase ids only,
never the message text.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.safeguarding import CATEGORIES, LANGUAGES, Lexicon, LexiconError, load_lexicon, match

PACKAGE = Path(__file__).resolve().parents[2] / "bot" / "safeguarding"

CRISES = [
    ("en", "suicide_self_harm", "honestly i just want to end my life"),
    ("en", "unsafe_hurt", "my flatmate punched me and said he will stab me"),
    ("en", "abuse_exploitation", "they took my passport and make me work for no pay"),
    ("en", "going_missing", "im gonna run away from the hostel tonight"),
    ("en", "homeless_tonight", "i got kicked out and have nowhere to sleep tonight"),
    ("en", "no_food_money", "i havent eaten in two days and have no money"),
    ("ar", "suicide_self_harm", "والله تعبت من حياتي بدي موت"),
    ("ar", "unsafe_hurt", "جوز امي بيضربني كل يوم"),
    ("ar", "abuse_exploitation", "اخذوا جوازي وبشتغل ببلاش"),
    ("ar", "going_missing", "رح اهرب من السكن الليلة"),
    ("ar", "homeless_tonight", "طردوني من البيت وما عندي مكان نام فيه"),
    ("ar", "no_food_money", "ما اكلت شي من يومين"),
    ("fa", "suicide_self_harm", "دیگه نمیخوام زنده باشم"),
    ("fa", "unsafe_hurt", "شوهرخواهرم منو کتک میزنه"),
    ("fa", "abuse_exploitation", "مجبورم کردن مواد بفروشم"),
    ("fa", "going_missing", "امشب از خوابگاه فرار میکنم"),
    ("fa", "homeless_tonight", "امشب جای خواب ندارم"),
    ("fa", "no_food_money", "دو روزه هیچی نخوردم"),
    ("fa_AF", "suicide_self_harm", "میخایم خود خوده بکشم"),
    ("fa_AF", "unsafe_hurt", "کاکایم مره لت کد"),
    ("fa_AF", "abuse_exploitation", "کار میکنم بی پیسه و معاشمه نمیتن"),
    ("fa_AF", "going_missing", "بیادرم گم شده"),
    ("fa_AF", "homeless_tonight", "امشو جای خو ندارم"),
    ("fa_AF", "no_food_money", "یک پیسه هم ندارم"),
    ("ps", "suicide_self_harm", "زه غواړم چې مړ شم"),
    ("ps", "unsafe_hurt", "هغه هره ورځ ما وهي"),
    ("ps", "abuse_exploitation", "پاسپورټ یې اخیستی او پیسې نه راکوي"),
    ("ps", "going_missing", "نن شپه به وتښتم"),
    ("ps", "homeless_tonight", "د خوب ځای نه لرم"),
    ("ps", "no_food_money", "ډوډۍ نشته"),
    ("ckb", "suicide_self_harm", "دەمەوێت بمرم"),
    ("ckb", "unsafe_hurt", "باوکم لێم دەدات"),
    ("ckb", "abuse_exploitation", "پاسپۆرتەکەمیان بردووە"),
    ("ckb", "going_missing", "ئەمشەو هەڵدێم"),
    ("ckb", "homeless_tonight", "شوێنی خەوتنم نییە"),
    ("ckb", "no_food_money", "پارەم نییە"),
    ("ti", "suicide_self_harm", "ክመውት ደልየ"),
    ("ti", "unsafe_hurt", "ኣቦይ ይወቕዓኒ"),
    ("ti", "abuse_exploitation", "ፓስፖርተይ ወሲዶም"),
    ("ti", "going_missing", "ሎሚ ምሸት ክሃድም እየ"),
    ("ti", "homeless_tonight", "መደቀሲ የብለይን"),
    ("ti", "no_food_money", "ገንዘብ የብለይን"),
    ("am", "suicide_self_harm", "ራሴን ማጥፋት እፈልጋለሁ"),
    ("am", "unsafe_hurt", "ባሌ ይደበድበኛል"),
    ("am", "abuse_exploitation", "አስገደዱኝ"),
    ("am", "going_missing", "ዛሬ ማታ እጠፋለሁ"),
    ("am", "homeless_tonight", "የምተኛበት የለኝም"),
    ("am", "no_food_money", "ምግብ የለኝም"),
    ("sq", "suicide_self_harm", "dua të vdes"),
    ("sq", "unsafe_hurt", "babai më rreh çdo ditë"),
    ("sq", "abuse_exploitation", "më detyrojnë të shes drogë"),
    ("sq", "going_missing", "sonte do arratisem"),
    ("sq", "homeless_tonight", "nuk kam ku të fle sonte"),
    ("sq", "no_food_money", "s'kam ushqim"),
    ("vi", "suicide_self_harm", "em muốn chết"),
    ("vi", "unsafe_hurt", "bố dượng đánh em"),
    ("vi", "abuse_exploitation", "họ giữ hộ chiếu của em"),
    ("vi", "going_missing", "tối nay em bỏ trốn"),
    ("vi", "homeless_tonight", "em không có chỗ ngủ"),
    ("vi", "no_food_money", "em không có tiền"),
]

ORDINARY = [
    ("en", "this homework is killing me lol"),
    ("en", "im dying to see you on friday"),
    ("en", "i could kill for a pizza right now"),
    ("en", "my phone is dead so ill call you later"),
    ("en", "im starving whats for lunch at college"),
    ("en", "this cold is going to kill me"),
    ("en", "i died laughing at that video"),
    ("en", "hit me up when you are free"),
    ("en", "can you keep in touch with me over the summer"),
    ("en", "how do i get help with my rent"),
    ("en", "we watched a film about suicide prevention"),
    ("en", "i walked 5 kms today"),
    ("ar", "بموت فيك يا حبيبي"),
    ("ar", "البرد رح يقتلني اليوم"),
    ("ar", "جوعان شو في غدا بالكلية"),
    ("fa", "الهی بمیرم برات"),
    ("fa", "این امتحان منو کشت"),
    ("fa", "جا ندارم تو کمد لباسام"),
    ("ps", "موبایل مې ورک شو"),
    ("ckb", "ئەم ئەرکی ماڵەوەیە دەمکوژێت"),
    ("ti", "ተሌፎነይ ጠፊኡ"),
    ("am", "ስልኬ ጠፍቷል"),
    ("sq", "kjo detyrë më vret"),
    ("vi", "mệt muốn chết"),
    ("vi", "từ từ rồi tính"),
    ("vi", "điện thoại em hết pin"),
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(("lang", "category", "text"), CRISES)
def test_every_category_is_caught_in_every_language(
    lexicon: Lexicon, lang: str, category: str, text: str
) -> None:
    found = lexicon.match(text, lang)
    assert found is not None
    assert found.category == category


def test_the_examples_cover_every_category_in_every_language() -> None:
    assert {(lang, cat) for lang, cat, _ in CRISES} == {
        (lang, cat) for lang in LANGUAGES for cat in CATEGORIES
    }


@pytest.mark.parametrize(("lang", "text"), ORDINARY)
def test_ordinary_talk_and_idioms_raise_no_alarm(lexicon: Lexicon, lang: str, text: str) -> None:
    assert lexicon.match(text, lang) is None


def test_an_idiom_cancels_only_the_words_it_covers(lexicon: Lexicon) -> None:
    found = lexicon.match("this homework is killing me and i want to die", "en")
    assert found is not None
    assert found.category == "suicide_self_harm"


@pytest.mark.parametrize(
    ("lang", "text", "category"),
    [
        ("ar", "ana bedi 2moot", "suicide_self_harm"),  # Arabizi
        ("ar", "ma 3ndi masari", "no_food_money"),
        ("fa", "mikham bemiram", "suicide_self_harm"),  # Finglish
        ("fa", "jaye khab nadaram", "homeless_tonight"),
        ("fa_AF", "paisa nadarom", "no_food_money"),  # Dari in Latin letters
        ("ps", "ghwaram che mar sham", "suicide_self_harm"),  # Pashto in Latin letters
        ("ckb", "xom dakuzhm", "suicide_self_harm"),  # Sorani in Latin letters
        ("ps", "khodkoshi", "suicide_self_harm"),  # Finglish, for a Pashto speaker too
    ],
)
def test_latin_transliterations(lexicon: Lexicon, lang: str, text: str, category: str) -> None:
    found = lexicon.match(text, lang)
    assert found is not None
    assert found.category == category


def test_english_is_checked_for_every_language(lexicon: Lexicon) -> None:
    for lang in LANGUAGES:
        found = lexicon.match("i want to kill myself", lang)
        assert found is not None, lang
        assert found.category == "suicide_self_harm"


def test_a_pashto_speaker_writing_persian_is_checked_in_dari_and_farsi(lexicon: Lexicon) -> None:
    # "دو روزه هیچی نخوردم" (Farsi) and "از خانه کشیدنم امشو جای ندارم" (Dari)
    found = lexicon.match("دو روزه هیچی نخوردم", "ps")
    assert found is not None
    assert found.category == "no_food_money"
    found = lexicon.match("از خانه کشیدنم امشو جای ندارم", "ps")
    assert found is not None
    assert found.category == "homeless_tonight"


def test_arabic_and_then_will_prefix_is_stripped(lexicon: Lexicon) -> None:
    # "وبيلمسني" is و (and) + بي (present) + يلمسني (he touches me); the lexicon lists وب.
    found = lexicon.match("عمي بيفوت على غرفتي بالليل وبيلمسني", "ar")
    assert found is not None
    assert found.category == "abuse_exploitation"


def test_an_unknown_language_tag_checks_every_lexicon(lexicon: Lexicon) -> None:
    found = lexicon.match("امشب جای خواب ندارم", "uk")
    assert found is not None
    assert found.category == "homeless_tonight"


@pytest.mark.parametrize(
    "text",
    ["i want to kill myseld", "im homelss", "i feel so sucidal", "killmyself", "i wanna dieeee"],
)
def test_spelling_slips_and_text_speak_are_caught(lexicon: Lexicon, text: str) -> None:
    found = lexicon.match(text, "en")
    assert found is not None
    assert found.category in {"suicide_self_harm", "homeless_tonight"}


def test_a_slip_is_reported_as_approximate(lexicon: Lexicon) -> None:
    slipped = lexicon.match("im homelss", "en")
    exact = lexicon.match("im homeless", "en")
    assert slipped is not None
    assert slipped.approximate
    assert exact is not None
    assert not exact.approximate


@pytest.mark.parametrize("text", ["what are you doing tonight", "what are the bus rates"])
def test_a_real_word_is_not_read_as_a_slip(lexicon: Lexicon, text: str) -> None:
    assert lexicon.match(text, "en") is None


def test_vietnamese_tones_are_compared_exactly_when_the_writer_uses_them(lexicon: Lexicon) -> None:
    assert lexicon.match("toi muon tu tu", "vi") is not None
    assert lexicon.match("từ từ thôi em", "vi") is None


def test_categories_are_ordered_most_urgent_first(lexicon: Lexicon) -> None:
    found = lexicon.match("no money no food and i want to die", "en")
    assert found is not None
    assert found.categories == ("suicide_self_harm", "no_food_money")


def test_a_match_carries_phrase_ids_never_text(lexicon: Lexicon) -> None:
    text = "zebedee says i want to kill myself"
    found = lexicon.match(text, "en")
    assert found is not None
    assert found.phrase_ids == ("en/suicide_self_harm/kill-myself",)
    assert "zebedee" not in repr(found)
    assert all(pid.count("/") == 2 for pid in found.phrase_ids)


def test_module_level_match_uses_the_shipped_lexicons() -> None:
    found = match("I have nowhere to sleep tonight", "ps")
    assert found is not None
    assert found.category == "homeless_tonight"


def test_every_shipped_lexicon_is_a_draft_covering_every_category(lexicon: Lexicon) -> None:
    assert {source.language for source in lexicon.sources} == set(LANGUAGES)
    for source in lexicon.sources:
        assert source.reviewed is False
        categories = {entry.category for entry in source.native.entries}
        assert set(CATEGORIES) <= categories, source.language


def _imported_packages(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_matcher_is_pure() -> None:
    for module in ("__init__.py", "matcher.py", "normalise.py"):
        imported = _imported_packages(PACKAGE / module)
        assert not imported & {"telegram", "sqlalchemy", "logging"}, module


META = '[lexicon]\nlanguage = "en"\nname = "English"\nreviewed = false\nreview_note = "Draft."\n'


def _load(folder: Path, text: str, name: str = "en.toml") -> Lexicon:
    (folder / name).write_text(text, encoding="utf-8")
    return load_lexicon(folder)


def test_a_small_valid_lexicon_loads_and_matches(tmp_path: Path) -> None:
    lexicon = _load(tmp_path, META + '[homeless_tonight]\nno-bed = ["no bed ... tonight"]\n')
    found = lexicon.match("I have no bed for tonight", "en")
    assert found is not None
    assert found.phrase_ids == ("en/homeless_tonight/no-bed",)


def test_a_word_or_a_group_can_be_alternatives(tmp_path: Path) -> None:
    body = '[homeless_tonight]\nstreet = "sleeping|(kipping down)|(staying over) ... street"\n'
    lexicon = _load(tmp_path, META + body)
    for text in ("sleeping on the street", "kipping down in the street", "staying over street"):
        assert lexicon.match(text, "en") is not None, text
    assert lexicon.match("kipping on the street", "en") is None
    assert lexicon.match("staying on the street", "en") is None


def test_a_joined_form_that_folds_back_to_the_first_word_is_not_a_match(tmp_path: Path) -> None:
    # "kill" + "l" joined is "killl", which folds back to "kill": "kill" alone must not match.
    lexicon = _load(tmp_path, META + '[unsafe_hurt]\nthreat = "kill ... me|l"\n')
    assert lexicon.match("kill time", "en") is None
    assert lexicon.match("he will kill me", "en") is not None
    assert lexicon.match("killme", "en") is not None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[suicide]\nx = "die"\n', "en.toml: [suicide]: unknown category"),
        ('[latin.homeless]\nx = "no bed"\n', "en.toml: [latin.homeless]: unknown category"),
        (
            '[suicide_self_harm]\nwant-to-die = ""\n',
            "[suicide_self_harm] want-to-die: empty phrase",
        ),
        ("[suicide_self_harm]\nwant-to-die = []\n", "want-to-die: needs a phrase or a list"),
        ('[suicide_self_harm]\nWant_To_Die = "die"\n', "Want_To_Die: id must be lower-case"),
        (
            '[suicide_self_harm]\nx = "ki* me"\n',
            "[suicide_self_harm] x: stem 'ki*' needs at least 3",
        ),
        ('[suicide_self_harm]\nx = "want|self-harm"\n', "x: 'self-harm' is more than one word"),
        ('[suicide_self_harm]\nx = "... die"\n', "x: '...' must stand between two words"),
        ('[suicide_self_harm]\nx = "want| die"\n', "x: '' has no letters"),
        ('[suicide_self_harm]\nx = "(want to|) die"\n', "x: empty alternative inside '( )'"),
        ('[suicide_self_harm]\nx = "(want die"\n', "x: unbalanced '(' or ')'"),
        ('[not_crisis]\nx = "dying & laughing"\n', "[not_crisis] x: '&' is for crisis phrases"),
        ("[suicide_self_harm\n", "en.toml: cannot read"),
    ],
)
def test_a_bad_entry_is_refused_naming_file_and_entry(
    tmp_path: Path, body: str, expected: str
) -> None:
    with pytest.raises(LexiconError) as refused:
        _load(tmp_path, META + body)
    assert expected in str(refused.value)
    assert str(refused.value).startswith("en.toml: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[homeless_tonight]\nx = "no bed"\n', "en.toml: [lexicon]: missing [lexicon] table"),
        (META.replace('"en"', '"ar"'), "[lexicon] language: must be 'en'"),
        (META.replace("reviewed = false\n", ""), "[lexicon] reviewed: must be true or false"),
        (META.replace('"Draft."', '" "'), "[lexicon] review_note: must be a non-empty string"),
        (META + 'accents = "sometimes"\n', "[lexicon] accents: must be one of"),
    ],
)
def test_a_bad_header_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(LexiconError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        _load(tmp_path, text)


def test_an_unknown_language_file_or_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no lexicon files"):
        load_lexicon(tmp_path)
    with pytest.raises(LexiconError, match=r"xx\.toml: unknown language tag"):
        _load(tmp_path, META, name="xx.toml")


def test_language_indexes_are_compiled_on_first_use_and_warm_compiles_the_rest() -> None:
    fresh = load_lexicon()
    assert fresh._indexes == {}  # loading checks every file but compiles nothing yet
    found = fresh.match("i want to die", "ps")
    assert found is not None and found.categories == ("suicide_self_harm",)
    assert set(fresh._indexes) == {"ps"}
    unknown = fresh.match("i want to die", "xx")  # a language with no lexicon: all of them
    assert unknown is not None
    fresh.warm()
    assert set(LANGUAGES) <= set(fresh._indexes)
    warmed = fresh.match("i want to die", "ps")
    assert warmed is not None and warmed.categories == found.categories
