"""Reading a plan file's bytes as text: UTF-8 with or without a BOM as it is; UTF-16, UTF-32, GB18030 (GBK) and Big5
with a warning that names the encoding, told apart by what each reading of the bytes holds.
"""

from __future__ import annotations

import codecs
import functools

from generator.diagnostics import WARNING, Diagnostic
from generator.errors import InputFileError


def decode(raw: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM) is read as is; UTF-16 (Notepad's "Unicode"), UTF-32, GB18030/GBK and Big5 are read
    with a warning that names the encoding; anything else fails."""
    notes: list[Diagnostic] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        notes.append(Diagnostic("Y106", WARNING, "文件以 UTF-8 BOM 开头，已忽略 BOM。", path, 1, 1,
                                hint="用编辑器另存为“UTF-8（无 BOM）”即可消除此警告。"))
    elif codec := _wide(raw):
        family = codec[:6].upper()
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            raise InputFileError(path, f"文件像是 {family} 编码，但无法按 {family} 读取。请用编辑器另存为 UTF-8 编码。",
                                 code="Y107") from None
        what = "UTF-16 编码（记事本“另存为”中的“Unicode”）" if family == "UTF-16" else "UTF-32 编码"
        return text, [_read_as(path, 1, what, family)]
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    readings = []
    for codec, name, short in (("gb18030", "GB18030（GBK）", "GB18030"), ("big5", "Big5（繁体中文）", "Big5")):
        try:
            readings.append((raw.decode(codec), name, short))
        except UnicodeDecodeError:
            continue
    if len(readings) == 2 and _oddness(readings[1][0]) < _oddness(readings[0][0]):
        readings.reverse()  # Big5 read as GB18030 gives kana, private-use and rare characters (示範 → ボ絛)
    if readings:
        text, name, short = readings[0]
        return text, notes + [_read_as(path, line, f"{name}编码", short)]
    raise InputFileError(path, "文件不是 UTF-8 编码，也不是 GB18030/GBK、Big5、UTF-16 或 UTF-32 编码，无法读取。"
                         "请用编辑器另存为 UTF-8 编码。", line, code="Y107")


def _read_as(path: str, line: int, what: str, codec: str) -> Diagnostic:
    return Diagnostic("Y105", WARNING, f"文件不是 UTF-8 编码，而是{what}，已按 {codec} 编码读取。", path, line, 1,
                      hint="请将文件另存为 UTF-8 编码，以免在其他电脑上乱码。")


def _wide(raw: bytes) -> str:
    """The codec of ``raw`` when it looks like UTF-32 or UTF-16 (a byte-order mark, or NUL bytes, which the other
    encodings never hold in text), else "": "utf-32"/"utf-16" with a mark, "utf-32-le"/"utf-16-be"… without."""
    if raw[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        return "utf-32"
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = raw[:4096]
    if b"\0" not in sample:  # text in UTF-8 or GBK never holds a NUL; UTF-16 does beside every ASCII character
        return ""
    for order, high in (("le", sample[3::4]), ("be", sample[0::4])):
        if len(raw) % 4 == 0 and not high.strip(b"\0"):   # UTF-32: every character's highest byte is 0
            try:
                sample[:len(sample) // 4 * 4].decode(f"utf-32-{order}")
                return f"utf-32-{order}"
            except UnicodeDecodeError:
                pass
    return "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"


def _oddness(text: str) -> tuple[int, int]:
    """How unlike Chinese ``text`` (its first 64 000 characters) reads, lower being likelier: first how many characters
    it holds that Chinese text seldom does (kana, bopomofo, Greek and Cyrillic letters, box drawing, private use, Han
    characters outside the common ones of GB2312's level 1 and of Big5's 常用字); then fewer of the most frequent."""
    from generator.cleantext import to_simplified

    sample = text[:64_000]
    common = _common_han()
    uncommon = sum(1 for char in sample if char not in common and not _neutral(ord(char)))
    frequent = _frequent()
    return uncommon, -sum(1 for char in to_simplified(sample) if char in frequent)


def _neutral(code: int) -> bool:
    """Latin letters, digits, punctuation, CJK punctuation and full-width forms: the same in either reading."""
    return code < 0x370 or 0x2000 <= code < 0x2500 or 0x3000 <= code < 0x3040 or 0xFF00 <= code < 0xFF61


@functools.lru_cache(maxsize=1)
def _frequent() -> frozenset[str]:
    return frozenset(_FREQUENT)


@functools.lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """GB2312's level-1 characters (rows 16–55) and Big5's 常用字 (0xA440–0xC67E)."""
    pairs = [(codec, bytes((lead, trail))) for codec, leads, trails in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), (*range(0x40, 0x7F), *range(0xA1, 0xFF)))) for lead in leads for trail in trails
        if codec == "gb2312" or (lead, trail) < (0xC6, 0xA1)]       # Big5's 0xC6A1– are kana and other symbols
    found = set()
    for codec, pair in pairs:
        try:
            found.add(pair.decode(codec))
        except UnicodeDecodeError:
            continue
    return frozenset(found)


#: about the 1 000 most frequent characters of modern written Chinese (simplified), the most frequent first: which
#: of two readings of the same bytes holds more of them (GB18030 or Big5) when neither holds an uncommon one
_FREQUENT = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政"
    "美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员"
    "解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件"
    "计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象"
    "完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改"
    "收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调"
    "深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企"
    "八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列"
    "武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供"
    "效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值"
    "仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳"
    "若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷"
    "洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈"
    "刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央"
    "户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括"
    "舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康"
    "虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅"
    "泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶"
)
