"""Chinese company names in characters, read the way the lists write them in Latin letters.

The lists write a Chinese company as pinyin of its place and its distinctive name, then its
business and legal form in English: 丹东鸿祥实业发展有限公司 is "DANDONG HONGXIANG INDUSTRIAL
DEVELOPMENT CO LTD". So the characters are cut into words: the vocabulary below (legal forms,
lines of business) becomes English, the places become their pinyin as one word each, and each
run of characters left between them (the distinctive name, 鸿祥) becomes one pinyin word.
"""

from __future__ import annotations

from functools import lru_cache

# Longest first where one contains another (有限公司 before 公司, 货运代理 before 货运).
CHINESE_ORG_WORDS: dict[str, str] = {
    "股份有限公司": "co ltd", "有限责任公司": "co ltd", "有限公司": "co ltd", "公司": "company",
    "集团": "group", "控股": "holdings", "贸易": "trading", "商贸": "trading", "经贸": "economy and trade",
    "实业": "industrial", "工业": "industrial", "发展": "development", "国际": "international",
    "货运代理": "forwarding", "货运": "freight", "航运": "shipping", "海运": "shipping", "船务": "shipping",
    "物流": "logistics", "进出口": "import and export", "网络": "network", "科技": "technology",
    "技术": "technology", "金属": "metallic", "材料": "material", "银行": "bank", "投资": "investment",
    "矿业": "mining", "能源": "energy", "电子": "electronics", "代理": "agency", "建设": "construction",
}
# Places that start company names; their pinyin is one word ("dandong"), as the lists write it.
CHINESE_PLACES = (
    "丹东", "大连", "北京", "上海", "辽宁", "延边", "福建", "沈阳", "香港", "深圳", "广州", "天津",
    "青岛", "吉林", "泉州", "珲春", "南安", "长春", "哈尔滨", "山东", "浙江", "江苏", "广东", "澳门",
)
_WORDS = sorted([*CHINESE_ORG_WORDS, *CHINESE_PLACES], key=len, reverse=True)


@lru_cache(maxsize=8)
def _pinyin_transliterator():
    import icu  # pyicu, as normalize.py uses it

    return icu.Transliterator.createInstance("Han-Latin; Latin-ASCII")


def _pinyin(chars: str) -> str:
    return _pinyin_transliterator().transliterate(chars).replace(" ", "").replace("'", "")


def segment(name: str) -> list[tuple[str, bool]]:
    """(piece, is_vocabulary) pieces of a name in characters, left to right, longest words first."""
    pieces: list[tuple[str, bool]] = []
    run = ""
    i = 0
    while i < len(name):
        word = next((w for w in _WORDS if name.startswith(w, i)), None)
        if word is None:
            run += name[i]
            i += 1
            continue
        if run:
            pieces.append((run, False))
            run = ""
        pieces.append((word, word in CHINESE_ORG_WORDS))
        i += len(word)
    if run:
        pieces.append((run, False))
    return pieces


def chinese_org_reading(name: str) -> str:
    """An organisation's name in characters as the lists would write it: 丹东鸿祥实业发展有限公司 ->
    "dandong hongxiang industrial development co ltd". Non-Han text passes through."""
    words = []
    for piece, vocabulary in segment(name):
        if vocabulary:
            words.append(CHINESE_ORG_WORDS[piece])
        elif piece.strip():
            words.append(_pinyin(piece) if any("\u3400" <= c <= "\u9fff" for c in piece) else piece)
    return " ".join(w for w in words if w.strip())
