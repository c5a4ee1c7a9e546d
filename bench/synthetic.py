"""A deterministic synthetic corpus for benchmarks: a large glossary and news-like articles that use it.

    python bench/synthetic.py [--entries 5000] [--articles 2000] [--words 600] [--seed 1] [--out-dir bench/out]

The glossary (mtqa glossary YAML) holds East Asian and Western person names built from syllable tables, ministries,
parties, agencies with acronyms, and terms with known wrong renderings; about 30% of the people have Chinese (and,
for Korean names, Hangul) source forms. The articles (mtqa JSONL, `id` and `target`) are filler news prose that
mentions glossary entries, with a share of the errors mtqa looks for: one-letter misspellings of names, listed
wrong renderings, pinyin renderings of Korean names, wrong acronym expansions and "Please read on..." lines.
Every form (canonical, allowed, wrong) is unique across the glossary, as mtqa requires. The same arguments always
give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mtqa.text import fold

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bench/out"

# --- Name material. Korean syllables carry (romanisation, Hangul, Chinese character, a Mandarin reading), so that
# source forms match the English name and a pinyin mis-rendering ("Piao Minjun" for Park Min-jun) can be made.
KOREAN_SURNAMES = [
    ("Kim", "김", "金", "jin"), ("Lee", "이", "李", "li"), ("Park", "박", "朴", "piao"),
    ("Choi", "최", "崔", "cui"), ("Jung", "정", "郑", "zheng"), ("Kang", "강", "姜", "jiang"),
    ("Cho", "조", "赵", "zhao"), ("Yoon", "윤", "尹", "yin"), ("Jang", "장", "张", "zhang"),
    ("Lim", "임", "林", "lin"), ("Han", "한", "韩", "han"), ("Oh", "오", "吴", "wu"),
    ("Seo", "서", "徐", "xu"), ("Shin", "신", "申", "shen"), ("Kwon", "권", "权", "quan"),
    ("Hwang", "황", "黄", "huang"), ("Ahn", "안", "安", "an"), ("Song", "송", "宋", "song"),
    ("Hong", "홍", "洪", "hong"), ("Moon", "문", "文", "wen"), ("Yang", "양", "杨", "yang"),
    ("Ko", "고", "高", "gao"), ("Bae", "배", "裴", "pei"), ("Baek", "백", "白", "bai"),
    ("Nam", "남", "南", "nan"), ("Noh", "노", "卢", "lu"), ("Ha", "하", "河", "he"),
    ("Yoo", "유", "柳", "liu"), ("Heo", "허", "许", "xu"), ("Jeon", "전", "全", "quan"),
]
KOREAN_GIVEN = [
    ("min", "민", "敏", "min"), ("jun", "준", "俊", "jun"), ("seo", "서", "瑞", "rui"),
    ("yeon", "연", "妍", "yan"), ("ji", "지", "智", "zhi"), ("woo", "우", "宇", "yu"),
    ("hyun", "현", "贤", "xian"), ("soo", "수", "秀", "xiu"), ("jin", "진", "珍", "zhen"),
    ("young", "영", "英", "ying"), ("eun", "은", "恩", "en"), ("hye", "혜", "惠", "hui"),
    ("dong", "동", "东", "dong"), ("sung", "성", "成", "cheng"), ("jae", "재", "在", "zai"),
    ("ho", "호", "浩", "hao"), ("kyung", "경", "京", "jing"), ("hee", "희", "熙", "xi"),
    ("chul", "철", "哲", "zhe"), ("sang", "상", "相", "xiang"), ("tae", "태", "泰", "tai"),
    ("won", "원", "元", "yuan"), ("hoon", "훈", "勋", "xun"), ("seok", "석", "锡", "xi"),
    ("yeol", "열", "悦", "yue"), ("gyu", "규", "奎", "kui"), ("na", "나", "娜", "na"),
    ("ah", "아", "雅", "ya"), ("bin", "빈", "彬", "bin"), ("il", "일", "一", "yi"),
]
# Older or North Korean romanisations of surnames: what MT and foreign media write instead of the usual spelling.
KOREAN_OLD_SURNAMES = {"Park": "Pak", "Choi": "Choe", "Lee": "Ri", "Jung": "Chung", "Yoon": "Yun", "Kang": "Gang",
                       "Cho": "Jo", "Shin": "Sin", "Kwon": "Gwon", "Lim": "Rim", "Noh": "Roh", "Yoo": "Ryu"}
CHINESE_SURNAMES = [
    ("Zhang", "张"), ("Wang", "王"), ("Li", "李"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"), ("Huang", "黄"),
    ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"), ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"),
    ("Hu", "胡"), ("Guo", "郭"), ("He", "何"), ("Lin", "林"), ("Gao", "高"), ("Luo", "罗"), ("Zheng", "郑"),
    ("Liang", "梁"), ("Xie", "谢"), ("Song", "宋"), ("Tang", "唐"), ("Han", "韩"), ("Feng", "冯"), ("Deng", "邓"),
    ("Cao", "曹"), ("Peng", "彭"),
]
CHINESE_GIVEN = [
    ("wei", "伟"), ("fang", "芳"), ("min", "敏"), ("jing", "静"), ("li", "丽"), ("qiang", "强"), ("lei", "磊"),
    ("jun", "军"), ("yang", "洋"), ("yong", "勇"), ("yan", "艳"), ("jie", "杰"), ("tao", "涛"), ("ming", "明"),
    ("chao", "超"), ("xiu", "秀"), ("hua", "华"), ("ping", "平"), ("gang", "刚"), ("hui", "辉"), ("hong", "红"),
    ("bin", "斌"), ("peng", "鹏"), ("xin", "鑫"), ("yu", "宇"), ("hao", "浩"), ("kai", "凯"), ("lan", "兰"),
    ("ning", "宁"), ("feng", "峰"), ("qing", "清"), ("zhi", "志"), ("guo", "国"), ("jian", "建"), ("dong", "东"),
    ("xiao", "晓"), ("wen", "文"), ("hai", "海"), ("yun", "云"), ("long", "龙"),
]
JAPANESE_SURNAMES = [
    ("Sato", "佐藤"), ("Suzuki", "铃木"), ("Takahashi", "高桥"), ("Tanaka", "田中"), ("Watanabe", "渡边"),
    ("Ito", "伊藤"), ("Yamamoto", "山本"), ("Nakamura", "中村"), ("Kobayashi", "小林"), ("Kato", "加藤"),
    ("Yoshida", "吉田"), ("Yamada", "山田"), ("Sasaki", "佐佐木"), ("Matsumoto", "松本"), ("Inoue", "井上"),
    ("Kimura", "木村"), ("Hayashi", "林"), ("Shimizu", "清水"), ("Mori", "森"), ("Ikeda", "池田"),
    ("Hashimoto", "桥本"), ("Ishikawa", "石川"), ("Ogawa", "小川"), ("Okada", "冈田"), ("Fujita", "藤田"),
    ("Nishimura", "西村"), ("Maeda", "前田"), ("Fujii", "藤井"), ("Aoki", "青木"), ("Murakami", "村上"),
]
JAPANESE_GIVEN = [
    ("Haruto", "阳翔"), ("Yuto", "悠斗"), ("Sota", "苍太"), ("Yui", "结衣"), ("Aoi", "葵"), ("Hina", "阳菜"),
    ("Ren", "莲"), ("Riku", "陆"), ("Sakura", "樱"), ("Kenji", "健二"), ("Takashi", "隆"), ("Hiroshi", "博"),
    ("Akira", "明"), ("Yuki", "雪"), ("Daiki", "大辉"), ("Kaito", "海斗"), ("Mei", "芽衣"), ("Rin", "凛"),
    ("Naoki", "直树"), ("Shota", "翔太"), ("Kazuo", "一夫"), ("Masato", "正人"), ("Emi", "惠美"), ("Yoko", "洋子"),
    ("Taro", "太郎"), ("Kenta", "健太"), ("Ayumi", "步美"), ("Tomoko", "智子"), ("Shinji", "真司"), ("Makoto", "诚"),
]
WESTERN_FIRST = [
    "Anna", "Thomas", "Maria", "Peter", "Laura", "Michael", "Sophie", "David", "Julia", "Martin", "Claire", "Daniel",
    "Elena", "Lukas", "Sarah", "Jonas", "Emma", "Paul", "Nina", "Marco", "Lea", "Jan", "Clara", "Felix", "Ingrid",
    "Pierre", "Hannah", "Stefan", "Olga", "Robert", "Ines", "Tomas", "Eva", "Henrik", "Alice", "Mark", "Greta",
    "Oliver", "Lucia", "Victor", "Irene", "Simon", "Marta", "Erik", "Helen", "Andrew", "Katrin", "James", "Rosa",
    "Karl",
]
WESTERN_LAST = [
    "Keller", "Schmidt", "Miller", "Dubois", "Rossi", "Novak", "Larsen", "Moreau", "Fischer", "Becker", "Jansen",
    "Kowalski", "Berg", "Lambert", "Costa", "Weber", "Nilsson", "Horvat", "Bauer", "Fontaine", "Ricci", "Meyer",
    "Svensson", "Dvorak", "Hoffmann", "Marchetti", "Lindqvist", "Brennan", "Walsh", "Petrov", "Wagner", "Girard",
    "Hansen", "Morales", "Carter", "Olsen", "Schneider", "Romano", "Bianchi", "Laurent", "Kuhn", "Fleming",
    "Sandberg", "Navarro", "Hughes", "Vogel", "Martens", "Castillo", "Engel", "Holm",
]
# Characters Chinese uses to transliterate Western names.
TRANSLITERATION_CHARACTERS = "安娜克勒托马斯彼得劳拉米歇尔伊莎贝卡特琳施密德费舍罗西诺瓦森莫杜布兰科韦伯赫默里奥"

# --- Organisations and terms.
COUNTRIES = [("Korea", "Korean"), ("China", "Chinese"), ("Japan", "Japanese"), ("Taiwan", "Taiwanese"),
             ("Vietnam", "Vietnamese"), ("Thailand", "Thai"), ("Mongolia", "Mongolian"), ("Singapore", "Singaporean"),
             ("Malaysia", "Malaysian"), ("Indonesia", "Indonesian"), ("Philippines", "Philippine"),
             ("Germany", "German"), ("France", "French"), ("Italy", "Italian"), ("Canada", "Canadian"),
             ("Australia", "Australian"), ("Sweden", "Swedish"), ("Poland", "Polish"), ("Brazil", "Brazilian"),
             ("Mexico", "Mexican")]
MINISTRY_DOMAINS = ["Finance", "Health", "Education", "Defense", "Trade", "Industry", "Energy", "Justice", "Labor",
                    "Agriculture", "Culture", "Environment", "Transport", "Foreign Affairs", "Unification",
                    "Science and ICT", "Interior", "Gender Equality", "Oceans and Fisheries", "Land and Housing",
                    "Veterans Affairs", "Public Security", "Commerce", "Tourism", "Employment", "Digital Affairs",
                    "Water Resources", "Welfare", "Sports", "Climate"]
# What MT writes for "Ministry of X": a literal "Department"/"Bureau" in place of "Ministry".
MINISTRY_WRONG_HEADS = ["Department of", "Bureau of", "Ministry for"]
PARTY_FIRST = ["New", "United", "People's", "National", "Progressive", "Free", "Green", "Liberal", "Justice",
               "Future", "Citizens'", "Labor", "Grand", "Open", "Basic Income", "Popular", "Social", "Civic"]
PARTY_SECOND = ["Democratic", "Liberal", "Conservative", "Socialist", "Republican", "Reform", "Unity", "Solidarity",
                "Renewal", "Alliance", "Power", "Hope", "Innovation", "Freedom", "Justice", "Green"]
AGENCY_DOMAINS = ["Fair Trade", "Food and Drug", "Financial Services", "Energy", "Maritime", "Nuclear Safety",
                  "Broadcasting", "Tourism", "Statistics", "Meteorological", "Disease Control", "Export", "Housing",
                  "Railway", "Water Resources", "Forest", "Patent", "Space", "Defense Acquisition", "Customs",
                  "Consumer", "Communications", "Aviation", "Fire", "Coast Guard", "Election", "Audit", "Tax",
                  "Police", "Investment"]
AGENCY_BODIES = ["Agency", "Commission", "Authority", "Administration", "Board", "Council", "Institute",
                 "Corporation", "Service", "Bureau"]
# Word swaps that make a plausible but wrong expansion of an acronym ("Korea Free Trade Commission (KFTC)").
EXPANSION_SWAPS = {"Fair": "Free", "Trade": "Transaction", "Food": "Foods", "Financial": "Finance",
                   "Services": "Supervisory", "Safety": "Security", "Control": "Prevention", "Export": "Exports",
                   "Commission": "Committee", "Authority": "Agency", "Agency": "Administration",
                   "Administration": "Agency", "Board": "Committee", "Council": "Committee", "Institute": "Institution",
                   "Corporation": "Company", "Service": "Services", "Bureau": "Office", "Korea": "Korean",
                   "China": "Chinese", "Japan": "Japanese", "Statistics": "Statistical", "Consumer": "Consumers",
                   "Tax": "Taxation", "Police": "Policing", "Election": "Electoral", "Space": "Aerospace"}
ACRONYM_SKIP = {"and", "of", "for", "the"}
# Term modifiers and heads as (accepted English, literal MT rendering); a term is a modifier plus a head.
TERM_MODIFIERS = [
    ("forced", "job"), ("comfort", "consolation"), ("minimum", "lowest"), ("property", "real estate"),
    ("housing", "house"), ("public", "mass"), ("economic", "economy"), ("financial", "finance"),
    ("fiscal", "treasury"), ("monetary", "currency"), ("anti-corruption", "anti-rot"), ("emergency", "urgent"),
    ("export", "outgoing"), ("import", "incoming"), ("border", "boundary"), ("trade", "trading"),
    ("labor", "work"), ("pension", "retirement money"), ("welfare", "benefit"), ("health", "sanitary"),
    ("security", "safety"), ("military", "army"), ("defense", "defending"), ("energy", "power source"),
    ("carbon", "coal"), ("climate", "weather"), ("semiconductor", "half-conductor"), ("rural", "countryside"),
    ("urban", "city"), ("digital", "numerical"), ("tax", "duty"), ("rental", "renting"), ("tuition", "school fee"),
    ("childcare", "child raising"), ("disaster", "calamity"), ("flood", "water disaster"), ("drug", "medicine"),
    ("nuclear", "atomic energy"), ("maritime", "sea affairs"), ("consumer", "spending person"),
    ("wartime", "war period"), ("election", "voting"), ("judicial", "law court"),
]
TERM_HEADS = [
    ("subsidy", "subsidy money"), ("crackdown", "strike-hard campaign"), ("stimulus", "stimulation"),
    ("deficit", "red figures"), ("reform", "reformation"), ("policy", "policies line"), ("quota", "fixed amount"),
    ("levy", "collection fee"), ("allowance", "allowance fee"), ("fund", "fund pool"), ("index", "exponent"),
    ("surplus", "surplus amount"), ("shortage", "tightness"), ("inspection", "check-up"), ("ban", "prohibition order"),
    ("cap", "ceiling price"), ("relief", "rescue"), ("reserve", "reserve stock"), ("crisis", "danger situation"),
    ("scheme", "plan scheme"), ("bill", "law draft"), ("loan", "lending"), ("tariff", "customs duty"),
    ("rate", "ratio"), ("standard", "norm"), ("zone", "area zone"), ("agreement", "agreement document"),
    ("compensation", "compensation money"), ("drill", "exercise drill"), ("task force", "working team"),
    ("hearing", "listening meeting"), ("audit", "audit check"), ("probe", "investigation probe"),
    ("sanctions", "punishments"), ("hotline", "hot line"), ("blackout", "power cut"), ("quarantine", "isolation"),
    ("waiver", "exemption"), ("rebate", "return money"), ("screening", "sifting"), ("freeze", "freezing"),
    ("labor", "work force"), ("workers", "work personnel"),
]
# British spellings that a glossary accepts alongside the American ones.
BRITISH = {"labor": "labour", "defense": "defence", "program": "programme", "center": "centre"}

# --- Article material: a few hundred common words, arranged by templates into news-like sentences.
PLACES = ["Seoul", "Beijing", "Tokyo", "Taipei", "Busan", "Shanghai", "Osaka", "Hong Kong", "Washington", "Brussels",
          "Berlin", "Geneva", "Hanoi", "Jakarta", "Manila", "Singapore", "Bangkok", "Incheon", "Guangzhou", "Nagoya",
          "Kaohsiung", "Daegu", "Shenzhen", "Sapporo", "Paris", "London", "Canberra", "Ottawa", "Ulaanbaatar",
          "Kuala Lumpur"]
SUBJECTS = ["the government", "local officials", "the committee", "analysts", "residents", "the company",
            "investors", "the central bank", "lawmakers", "experts", "the police", "critics", "supporters",
            "the city council", "farmers", "workers", "exporters", "the report", "the survey", "opposition parties",
            "the ruling party", "economists", "the prosecutors", "union leaders", "the court", "regulators",
            "small businesses", "the military", "health authorities", "the foreign ministry", "voters", "teachers",
            "the presidential office", "civic groups", "the provincial government", "market watchers"]
VERBS = ["announced", "expected", "reported", "warned about", "confirmed", "discussed", "approved", "rejected",
         "reviewed", "welcomed", "criticised", "proposed", "launched", "delayed", "questioned", "supported",
         "opposed", "outlined", "revised", "extended", "suspended", "completed", "examined", "defended",
         "called for", "agreed on", "pushed for", "played down", "pointed to", "raised concerns over"]
OBJECTS = ["a new plan", "the proposal", "further measures", "the budget", "an investigation", "the agreement",
           "higher prices", "the results", "new rules", "the project", "a joint statement", "the schedule",
           "tighter controls", "the annual forecast", "a compromise", "the final draft", "the figures",
           "stronger cooperation", "the recent decision", "additional funding", "a public hearing", "the reform",
           "the trade talks", "the safety review", "the merger", "the new guidelines", "the election results",
           "local demand", "the travel restrictions", "the recovery package"]
ADVERBIALS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "over the weekend",
              "last week", "earlier this year", "after the meeting", "despite concerns", "for the first time",
              "by the end of the month", "in a statement", "at a press briefing", "amid growing pressure",
              "ahead of the summit", "during the session", "in recent months", "without further delay",
              "after months of talks", "in {place}", "in {place} and {place}", "near {place}"]
ADJECTIVES = ["significant", "limited", "unclear", "difficult", "urgent", "stable", "uncertain", "modest", "strong",
              "weak", "rapid", "gradual", "unexpected", "necessary", "important", "controversial", "serious",
              "temporary", "broad", "cautious"]
NOUNS = ["growth", "inflation", "demand", "spending", "unemployment", "investment", "production", "support",
         "opposition", "tension", "recovery", "confidence", "competition", "pressure", "debt", "prices", "exports",
         "output", "attendance", "turnout"]
UNITS = ["billion won", "million dollars", "billion yuan", "million yen", "tonnes", "households", "cases", "units"]
TITLES = ["President", "Minister", "Prime Minister", "Governor", "Mayor", "Chairman", "Director", "Professor",
          "Ambassador", "Spokesperson", "Lawmaker", "Chief Executive", "Senior Researcher", "Vice Minister"]
FILLER_TEMPLATES = [
    "{s} {v} {o} {a}.",
    "{s} said {s} had {v} {o} {a}.",
    "{a}, {s} {v} {o}.",
    "According to {s}, {n} remained {adj} {a}.",
    "{n} rose {k} percent to {m} {unit} {a}, {s} said.",
    "{n} fell {k} percent from a year earlier, the lowest level since {year}.",
    "The move comes as {s} {v} {o} {a}.",
    "{s} will decide on {o} {a}.",
    "It was not immediately clear whether {s} would accept {o}.",
    "Officials in {place} described the situation as {adj}.",
    "{s} {v} {o}, while {s} {v} {o}.",
    "Some {k} {unit} were affected, {s} said {a}.",
]
PERSON_TEMPLATES = [
    "{title} {name} said {s} had {v} {o} {a}.",
    "{clause}, {name} told reporters {a}.",
    "According to {name}, {n} remained {adj}.",
    "{name} {v} {o} {a}.",
    "\"We will respond to {o},\" {name} said.",
]
ORG_TEMPLATES = [
    "The {org} {v} {o} {a}.",
    "Officials at the {org} said {n} remained {adj}.",
    "{s} {v} the {org} {a}.",
    "A spokesperson for the {org} declined to comment on {o}.",
]
TERM_TEMPLATES = [
    "The debate over {term} has intensified {a}.",
    "{s} {v} plans for {term} {a}.",
    "Critics say the {term} will not solve the problem of {n}.",
    "The {term} was first introduced in {year}, {s} said.",
]
ARTEFACTS = ["Please read on...", "Please read on…", "Continue reading", "(Photo: Yonhap)", "(Reuters file photo)"]


@dataclass
class Entry:
    """A glossary entry with what the article writer needs beyond the YAML: how to refer to it and get it wrong."""
    id: str
    type: str
    canonical: str
    allowed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    acronym: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    short: str | None = None  # the surname alone, for later mentions
    transliteration: str | None = None  # a pinyin rendering of a Korean name
    bad_expansions: list[str] = field(default_factory=list)

    def yaml_entry(self) -> dict:
        entry: dict = {"id": self.id, "type": self.type, "canonical": self.canonical}
        for key in ("allowed", "acronym", "sources", "wrong"):
            if getattr(self, key):
                entry[key] = getattr(self, key)
        return entry


class GlossaryBuilder:
    """Draws entries until it has enough, keeping every form and acronym unique as mtqa's loader demands."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()  # folded forms in use
        self.entries: list[Entry] = []

    def free(self, *forms: str) -> bool:
        keys = [fold(form).strip() for form in forms]
        return len(set(keys)) == len(keys) and not any(key in self.taken for key in keys)

    def add(self, entry: Entry) -> bool:
        # Wrong expansions are reserved too, so that no entry's form is another one's wrong expansion.
        forms = [entry.canonical, *entry.allowed, *entry.wrong, *([entry.acronym] if entry.acronym else []),
                 *entry.bad_expansions]
        if not self.free(*forms):
            return False
        self.taken.update(fold(form).strip() for form in forms)
        self.entries.append(entry)
        return True

    def build(self, count: int) -> list[Entry]:
        makers = [(self.korean, 20), (self.chinese, 17), (self.japanese, 8), (self.western, 10), (self.ministry, 6),
                  (self.party, 4), (self.agency, 15), (self.term, 20)]
        functions, weights = zip(*makers, strict=True)
        failures = 0
        while len(self.entries) < count:
            if self.add(self.rng.choices(functions, weights)[0](f"e{len(self.entries) + 1:05d}")):
                failures = 0
            else:
                failures += 1
                if failures > 10_000:
                    raise SystemExit(f"only {len(self.entries)} unique entries could be made; ask for fewer")
        return self.entries

    def with_sources(self) -> bool:
        return self.rng.random() < 0.3

    def korean(self, entry_id: str) -> Entry:
        surname = self.rng.choice(KOREAN_SURNAMES)
        given = self.rng.sample(KOREAN_GIVEN, 2)
        first, second = given[0][0].title(), given[1][0]
        entry = Entry(entry_id, "person", f"{surname[0]} {first}-{second}", short=surname[0])
        if self.rng.random() < 0.3:
            entry.allowed.append(f"{surname[0]} {first}{second}")
        if surname[0] in KOREAN_OLD_SURNAMES and self.rng.random() < 0.3:
            entry.wrong.append(f"{KOREAN_OLD_SURNAMES[surname[0]]} {first}-{second}")
        if self.with_sources():
            entry.sources = {"zh-Hans": "".join(part[2] for part in (surname, *given)),
                            "ko": "".join(part[1] for part in (surname, *given))}
            entry.transliteration = f"{surname[3].title()} {given[0][3].title()}{given[1][3]}"
        return entry

    def chinese(self, entry_id: str) -> Entry:
        surname = self.rng.choice(CHINESE_SURNAMES)
        given = self.rng.sample(CHINESE_GIVEN, self.rng.choice((1, 2, 2)))
        entry = Entry(entry_id, "person", f"{surname[0]} {''.join(g[0] for g in given).title()}", short=surname[0])
        if self.with_sources():
            entry.sources = {"zh-Hans": surname[1] + "".join(g[1] for g in given)}
        return entry

    def japanese(self, entry_id: str) -> Entry:
        surname, given = self.rng.choice(JAPANESE_SURNAMES), self.rng.choice(JAPANESE_GIVEN)
        entry = Entry(entry_id, "person", f"{given[0]} {surname[0]}", short=surname[0])
        if self.with_sources():
            entry.sources = {"zh-Hans": surname[1] + given[1]}
        return entry

    def western(self, entry_id: str) -> Entry:
        first, last = self.rng.choice(WESTERN_FIRST), self.rng.choice(WESTERN_LAST)
        entry = Entry(entry_id, "person", f"{first} {last}", short=last)
        if self.with_sources():
            entry.sources = {"zh-Hans": "·".join(self.transliterated(len(part) // 2) for part in (first, last))}
        return entry

    def transliterated(self, length: int) -> str:
        return "".join(self.rng.choices(TRANSLITERATION_CHARACTERS, k=max(2, min(length, 4))))

    def ministry(self, entry_id: str) -> Entry:
        adjective, domain = self.rng.choice(COUNTRIES)[1], self.rng.choice(MINISTRY_DOMAINS)
        entry = Entry(entry_id, "organization", f"{adjective} Ministry of {domain}")
        if " " not in domain:
            entry.allowed.append(f"{adjective} {domain} Ministry")
        entry.wrong.append(f"{adjective} {self.rng.choice(MINISTRY_WRONG_HEADS)} {domain}")
        return entry

    def party(self, entry_id: str) -> Entry:
        first = self.rng.choice(COUNTRIES)[0] if self.rng.random() < 0.4 else self.rng.choice(PARTY_FIRST)
        second = self.rng.choice([word for word in PARTY_SECOND if word != first])
        return Entry(entry_id, "party", f"{first} {second} Party")

    def agency(self, entry_id: str) -> Entry:
        country = self.rng.choice(COUNTRIES)[0]
        words = f"{country} {self.rng.choice(AGENCY_DOMAINS)} {self.rng.choice(AGENCY_BODIES)}".split()
        entry = Entry(entry_id, "agency", " ".join(words))
        acronym = "".join(word[0] for word in words if word not in ACRONYM_SKIP).upper()
        if self.rng.random() < 0.6 and self.free(acronym):
            entry.acronym = acronym
            swappable = [i for i, word in enumerate(words) if word in EXPANSION_SWAPS]
            for index in self.rng.sample(swappable, min(2, len(swappable))):
                entry.bad_expansions.append(
                    " ".join(EXPANSION_SWAPS[word] if i == index else word for i, word in enumerate(words)))
        return entry

    def term(self, entry_id: str) -> Entry:
        modifier, wrong_modifier = self.rng.choice(TERM_MODIFIERS)
        head, wrong_head = self.rng.choice([pair for pair in TERM_HEADS if pair[0] != modifier])
        entry = Entry(entry_id, "term", f"{modifier} {head}")
        entry.wrong.append(f"{wrong_modifier} {head}")
        if self.rng.random() < 0.3:
            entry.wrong.append(f"{modifier} {wrong_head}")
        british = " ".join(BRITISH.get(word, word) for word in entry.canonical.split())
        if british != entry.canonical:
            entry.allowed.append(british)
        return entry


class ArticleWriter:
    """Filler news prose around mentions of a few glossary entries per article, with errors at realistic rates."""

    # How many entries of each kind one article mentions.
    CAST = {"person": (3, 6), "org": (1, 3), "acronym": (0, 2), "term": (2, 4)}

    def __init__(self, rng: random.Random, entries: list[Entry], taken: set[str]) -> None:
        self.rng = rng
        self.taken = taken
        self.by_kind = {
            "person": [e for e in entries if e.type == "person"],
            "org": [e for e in entries if e.type in ("organization", "party", "agency") and not e.acronym],
            "acronym": [e for e in entries if e.acronym],
            "term": [e for e in entries if e.type == "term"],
        }
        self.slots = {
            "s": SUBJECTS, "v": VERBS, "o": OBJECTS, "adj": ADJECTIVES, "n": NOUNS, "unit": UNITS, "place": PLACES,
            "a": lambda: self.fill(self.rng.choice(ADVERBIALS)),
            "clause": lambda: self.fill("{s} {v} {o}"),
            "k": lambda: str(self.rng.randint(2, 95)),
            "m": lambda: f"{self.rng.randint(1, 999)}.{self.rng.randint(0, 9)}",
            "year": lambda: str(self.rng.randint(1995, 2022)),
        }

    def article(self, words: int) -> str:
        cast = {kind: self.rng.sample(members, min(len(members), self.rng.randint(*self.CAST[kind])))
                for kind, members in self.by_kind.items()}
        kinds = [kind for kind, members in cast.items() if members]
        introduced: set[str] = set()
        paragraphs, total = [], 0
        while total < words:
            sentences = [self.sentence(self.rng.choice(FILLER_TEMPLATES)) for _ in range(self.rng.randint(1, 3))]
            for _ in range(self.rng.randint(1, 3)):
                kind = self.rng.choice(kinds)
                sentences.insert(self.rng.randint(0, len(sentences)),
                                 self.mention(kind, self.rng.choice(cast[kind]), introduced))
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            total += len(paragraph.split())
            if self.rng.random() < 0.02:
                paragraphs.append(self.rng.choice(ARTEFACTS))
        return "\n\n".join(paragraphs)

    def mention(self, kind: str, entry: Entry, introduced: set[str]) -> str:
        first = entry.id not in introduced
        introduced.add(entry.id)
        if kind == "person":
            return self.sentence(self.rng.choice(PERSON_TEMPLATES), name=self.person_name(entry, first),
                                 title=self.rng.choice(TITLES))
        if kind == "acronym":
            org = entry.acronym
            if first or self.rng.random() < 0.2:
                expansion = entry.canonical
                if entry.bad_expansions and self.rng.random() < 0.25:
                    expansion = self.rng.choice(entry.bad_expansions)
                org = f"{expansion} ({entry.acronym})"
            return self.sentence(self.rng.choice(ORG_TEMPLATES), org=org)
        if kind == "org":
            return self.sentence(self.rng.choice(ORG_TEMPLATES), org=self.rendering(entry, 0.1))
        return self.sentence(self.rng.choice(TERM_TEMPLATES), term=self.rendering(entry, 0.15))

    def person_name(self, entry: Entry, first: bool) -> str:
        roll = self.rng.random()
        if not first and roll < 0.4:
            return entry.short
        if entry.transliteration and roll > 0.95:
            return entry.transliteration
        if roll > 0.93:
            return self.misspelt(entry.canonical)
        return self.rendering(entry, 0.05)

    def rendering(self, entry: Entry, wrong_rate: float) -> str:
        if entry.wrong and self.rng.random() < wrong_rate:
            return self.rng.choice(entry.wrong)
        return self.rng.choice([entry.canonical, *entry.allowed])

    def misspelt(self, name: str) -> str:
        """One letter changed (never a word's first), avoiding spellings that are some other entry's form."""
        positions = [i for i in range(1, len(name)) if name[i].islower() and name[i - 1].isalpha()]
        for _ in range(20):
            index = self.rng.choice(positions)
            letter = self.rng.choice([c for c in string.ascii_lowercase if c != name[index]])
            candidate = name[:index] + letter + name[index + 1:]
            if fold(candidate) not in self.taken:
                return candidate
        return name

    def slot(self, name: str) -> str:
        source = self.slots[name]
        return self.rng.choice(source) if isinstance(source, list) else source()

    def sentence(self, template: str, **given: str) -> str:
        return capitalised(self.fill(template, **given))

    def fill(self, template: str, **given: str) -> str:
        """Fill a template's {slots}; a capitalised slot name ({s}) gives a capitalised phrase."""
        parts = template.split("{")
        out = [parts[0]]
        for part in parts[1:]:
            slot, rest = part.split("}", 1)
            out.append((given[slot] if slot in given else self.slot(slot)) + rest)
        return "".join(out)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def corpus_paths(out_dir: Path, entries: int, articles: int, words: int, seed: int) -> tuple[Path, Path]:
    stem = f"synthetic-e{entries}-s{seed}"
    return out_dir / f"{stem}-glossary.yaml", out_dir / f"{stem}-a{articles}-w{words}.jsonl"


def generate(entries: int = 5000, articles: int = 2000, words: int = 600, seed: int = 1,
             out_dir: Path = DEFAULT_OUT) -> tuple[Path, Path]:
    """Write the glossary and the articles; returns their paths."""
    glossary_path, articles_path = corpus_paths(out_dir, entries, articles, words, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Separate generators: the glossary for a seed is the same whatever the number of articles.
    builder = GlossaryBuilder(random.Random(f"glossary-{seed}"))
    built = builder.build(entries)
    document = {"name": f"synthetic-{entries}", "language": "en", "entries": [e.yaml_entry() for e in built]}
    write(glossary_path, yaml.dump(document, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                                   allow_unicode=True, sort_keys=False, width=1000))
    writer = ArticleWriter(random.Random(f"articles-{seed}"), built, builder.taken)
    records = ({"id": f"synthetic-{number:05d}", "target": writer.article(words)} for number in range(1, articles + 1))
    write(articles_path, "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))
    return glossary_path, articles_path


def write(path: Path, text: str) -> None:
    """Write whole or not at all: the benchmark reuses whatever files it finds."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=5000, help="glossary entries (default 5000)")
    parser.add_argument("--articles", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--words", type=int, default=600, help="approximate words per article (default 600)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT, help="output folder (default bench/out)")
    args = parser.parse_args(argv)
    for path in generate(args.entries, args.articles, args.words, args.seed, args.out_dir):
        print(path)


if __name__ == "__main__":
    main()
