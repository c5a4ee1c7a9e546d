# Planted errors. Each: (article id, old text in the clean target, new text, family, subtype, marker, source_text)
#   marker: the exact erroneous text in the new target; None = the new text itself; "LINE" = the whole target
#           line that holds the new text (for errors of omission: a number dropped, a term left out).
#   source_text: for errors of omission, the source words the target fails to render (informational).
# Families: misspelling, transliteration, forbidden-term, acronym-expansion, inconsistent-name, boilerplate,
#           caption, number-changed, number-dropped, missing-term, untranslated.

BILINGUAL = [
 # ko-01
 ("ko-01-budget", "total spending of 728 trillion won", "total spending of 72.8 trillion won", "number-changed", "magnitude", "72.8 trillion", "728조"),
 ("ko-01-budget", "Prime Minister Kim Min-seok", "Prime Minister Kim Min-suk", "misspelling", "romanisation drift", "Kim Min-suk", None),
 # ko-02
 ("ko-02-srbm", "North Korea's official Korean Central News Agency (KCNA)", "North Korea's official Korea Central News Agency (KCNA)", "forbidden-term", "glossary wrong form (minor)", "Korea Central News Agency", None),
 ("ko-02-srbm", "flew about 350 kilometers", "flew about 530 kilometers", "number-changed", "digit slip", "530", "350㎞"),
 ("ko-02-srbm", "on Tuesday morning, the Joint Chiefs of Staff (JCS) said.", "on Tuesday morning, South Korea's military said.", "missing-term", "term left out", "LINE", "합동참모본부"),
 # ko-03
 ("ko-03-exports", "Imports fell 4.8 percent to $54.2 billion", "Imports fell to $54.2 billion", "number-dropped", "percentage dropped", "LINE", "4.8%"),
 ("ko-03-exports", "fell 1.2 percent to $11.1 billion", "fell 1.2 percent to $13.4 billion", "number-changed", "different value", "13.4 billion", "111억 달러"),
 # ko-04
 ("ko-04-yoon-trial", "former President Yoon Suk Yeol", "former President Yun Seok-yeol", "transliteration", "Revised Romanization of Hangul", "Yun Seok-yeol", None),
 ("ko-04-yoon-trial", "former Defense Minister Kim Yong-hyun", "former Defense Minister Kim Yong-hyeon", "misspelling", "romanisation drift", "Kim Yong-hyeon", None),
 # ko-05
 ("ko-05-football", "his 54th goal", "his 45th goal", "number-changed", "digit slip", "45th", "54번째"),
 ("ko-05-football", "The team will play Ghana on Nov. 18 in its last friendly of the year.", "대표팀은 18일 가나와 올해 마지막 평가전을 치른다.", "untranslated", "whole line copied", None, None),
 # ko-06
 ("ko-06-wildfire", "more than 35,000 hectares", "more than 3,500 hectares", "number-changed", "magnitude", "3,500", "3만 5천여"),
 ("ko-06-wildfire", "Prime Minister Han Duck-soo", "Prime Minister Han Deok-su", "transliteration", "Revised Romanization of Hangul", "Han Deok-su", None),
 ("ko-06-wildfire", "more than 200 homes have burned down.", "more than 200 homes have burned down. Firefighters battle a wildfire on a mountain in Uiseong. (Yonhap)", "caption", "caption and credit", "Firefighters battle a wildfire on a mountain in Uiseong. (Yonhap)", None),
 # ko-07
 ("ko-07-cho-wang", "Foreign Minister Cho Hyun held talks", "Foreign Minister Jo Hyeon held talks", "transliteration", "Revised Romanization of Hangul", "Jo Hyeon", None),
 ("ko-07-cho-wang", "and the denuclearization of the Korean Peninsula", "and the nuclear issue on the Korean Peninsula", "missing-term", "term left out", "LINE", "비핵화"),
 # ko-08
 ("ko-08-samsung", "to 12.1 trillion won on a consolidated basis", "to 1.21 trillion won on a consolidated basis", "number-changed", "magnitude", "1.21 trillion", "12조 1천억"),
 ("ko-08-samsung", "Chairman Lee Jae-yong", "Chairman Lee Jae-young", "misspelling", "romanisation drift", "Lee Jae-young", None),
 # ko-09
 ("ko-09-kim-yo-jong", "carried by the Korean Central News Agency", "carried by the Chosun Central News Agency", "forbidden-term", "glossary wrong form", "Chosun Central News Agency", None),
 ("ko-09-kim-yo-jong", "Kim Yo Jong, vice department director", "Kim Yeo-jeong, vice department director", "transliteration", "Revised Romanization of Hangul", "Kim Yeo-jeong", None),
 ("ko-09-kim-yo-jong", "ran factories in the Kaesong Industrial Complex", "ran factories in the Kaesong factory park", "missing-term", "term left out", "LINE", "개성공단"),
 # ko-10
 ("ko-10-bok", "stood at 1,968 trillion won", "stood at 1,698 trillion won", "number-changed", "digit slip", "1,698 trillion", "1천968조"),
 ("ko-10-bok", "and for next year to 1.8 percent from 1.6 percent.", "and for next year to 1.8 percent.", "number-dropped", "number dropped", "LINE", "1.6%"),
 # zhs-01
 ("zhs-01-gdp", "GDP grew 4.8 percent year on year", "GDP grew 4.3 percent year on year", "number-changed", "different value", "4.3 percent", "4.8%"),
 ("zhs-01-gdp", "made steady progress, but the external environment still faces many sources of instability and uncertainty, said",
  "made steady progress, but 外部环境不稳定不确定因素较多, said", "untranslated", "clause left in Chinese", "外部环境不稳定不确定因素较多", None),
 # zhs-02
 ("zhs-02-mao-ning", "Japanese Prime Minister Sanae Takaichi reportedly", "Japanese Prime Minister Gaoshi Zaomiao reportedly", "transliteration", "pinyin of a Japanese name", "Gaoshi Zaomiao", None),
 ("zhs-02-mao-ning", "abide by the one-China principle and the spirit", "abide by the spirit", "missing-term", "term left out", "LINE", "一个中国原则"),
 # zhs-03
 ("zhs-03-shenzhou", "with Wu and Zhang Hongzhang on their first spaceflight", "with Wu and Zhang Hongzang on their first spaceflight", "inconsistent-name", "second spelling", "Zhang Hongzang", None),
 ("zhs-03-shenzhou", "It is the 37th flight mission", "It is the 27th flight mission", "number-changed", "digit slip", "27th", "第37次"),
 # zhs-04
 ("zhs-04-quake", "killed 126 people and injured 188 others.", "killed 126 people and injured many others.", "number-dropped", "number dropped", "LINE", "188人"),
 ("zhs-04-quake", "Xi Jinping gave important instructions", "Xi Jin-ping gave important instructions", "misspelling", "hyphenation", "Xi Jin-ping", None),
 # zhs-05
 ("zhs-05-tang-renjian", "more than 268 million yuan", "more than 2.68 million yuan", "number-changed", "magnitude", "2.68 million", "2.68亿"),
 ("zhs-05-tang-renjian", "from 2007 to 2024", "from 2017 to 2024", "number-changed", "digit slip", "2017", "2007年"),
 # zhs-06
 ("zhs-06-npc", "14th National People's Congress (NPC)", "14th National People's Conference (NPC)", "acronym-expansion", "wrong expansion beside acronym", "National People's Conference", None),
 ("zhs-06-npc", "Chinese People's Political Consultative Conference (CPPCC)", "Chinese People's Political Consultative Committee (CPPCC)", "acronym-expansion", "wrong expansion beside acronym", "Chinese People's Political Consultative Committee", None),
 ("zhs-06-npc", "deficit totaling 5.66 trillion yuan", "deficit totaling 5.66 billion yuan", "number-changed", "magnitude", "5.66 billion", "5.66万亿"),
 # zhs-07
 ("zhs-07-table-tennis", "Hugo Calderano 4-1", "Hugo Calderano 4-2", "number-changed", "different value", "4-2", "4:1"),
 ("zhs-07-table-tennis", "The next World Team Table Tennis Championships will be held in London, Britain, in 2026.", "下一届世乒赛团体赛将于2026年在英国伦敦举行。", "untranslated", "whole line copied", None, None),
 # zhs-08
 ("zhs-08-parade", "Kim Jong Un, general secretary of the WPK", "Jin Zhengen, general secretary of the WPK", "transliteration", "pinyin of a Korean name", "Jin Zhengen", None),
 ("zhs-08-parade", "according to the Korean Central News Agency (KCNA)", "according to the Choson Central News Agency (KCNA)", "forbidden-term", "glossary wrong form", "Choson Central News Agency", None),
 ("zhs-08-parade", "the 80th founding anniversary", "the 70th founding anniversary", "number-changed", "different value", "70th", "80周年"),
 # zht-01
 ("zht-01-lai-defense", "President Lai Ching-te said", "President Lai Qingde said", "transliteration", "pinyin of a Taiwanese name", "Lai Qingde", None),
 ("zht-01-lai-defense", "together hold 62 seats", "together hold 52 seats", "number-changed", "digit slip", "52", "62席"),
 ("zht-01-lai-defense", "KMT Chairman Eric Chu, however", "KMT Chairman Eric Choo, however", "misspelling", "letter changed", "Eric Choo", None),
 # zht-02
 ("zht-02-exports", "up 49.7 percent from a year earlier", "up 47.9 percent from a year earlier", "number-changed", "digit slip", "47.9 percent", "49.7%"),
 ("zht-02-exports", "totaled $33.9 billion, up 140 percent year on year", "totaled $33.9 billion, up 1.4 percent year on year", "number-changed", "magnitude (1.4倍 read as 1.4%)", "1.4 percent", "1.4倍"),
 # zht-03
 ("zht-03-pla-drills", "China's People's Liberation Army (PLA)", "China's People's Liberation Armed Forces (PLA)", "acronym-expansion", "wrong expansion beside acronym", "People's Liberation Armed Forces", None),
 ("zht-03-pla-drills", "The Mainland Affairs Council (MAC)", "The Mainland Affairs Commission (MAC)", "acronym-expansion", "wrong expansion beside acronym", "Mainland Affairs Commission", None),
 ("zht-03-pla-drills", "Defense Minister Wellington Koo said", "Defense Minister Gu Lixiong said", "transliteration", "pinyin instead of English name", "Gu Lixiong", None),
 # zht-04
 ("zht-04-ko-trial", "accepting NT$17.1 million in bribes", "accepting NT$1.71 million in bribes", "number-changed", "magnitude", "1.71 million", "1710萬"),
 ("zht-04-ko-trial", "former Taipei Mayor Ko Wen-je.", "former Taipei Mayor Ke Wenzhe.", "transliteration", "pinyin of a Taiwanese name", "Ke Wenzhe", None),
 # zht-05
 ("zht-05-typhoon", "could exceed 500 millimeters in 24 hours.", "could exceed 500 millimeters.", "number-dropped", "number dropped", "LINE", "24小時"),
 ("zht-05-typhoon", "Premier Cho Jung-tai instructed", "Premier Cho Jung-tae instructed", "misspelling", "romanisation drift", "Cho Jung-tae", None),
 # zht-06
 ("zht-06-tsmc", "Net profit was NT$452.3 billion", "Net profit was NT$425.3 billion", "number-changed", "digit slip", "425.3 billion", "4523億"),
 ("zht-06-tsmc", "expected to begin mass production in 2028.", "expected to begin mass production in 2028. Click here to subscribe to our newsletter.", "boilerplate", "subscribe prompt", "Click here to subscribe to our newsletter.", None),
 # ja-01
 ("ja-01-takaichi", "Toshimitsu Motegi was appointed", "Toshimitu Motegi was appointed", "misspelling", "Kunrei romanisation", "Toshimitu Motegi", None),
 ("ja-01-takaichi", "stood at 64.4 percent", "stood at 46.4 percent", "number-changed", "digit slip", "46.4 percent", "64.4％"),
 # ja-02
 ("ja-02-boj", "raising the rate to 0.75 percent", "raising the rate to 1.0 percent", "number-changed", "different value", "1.0 percent", "0.75％"),
 ("ja-02-boj", "for fiscal 2025 unchanged at 2.7 percent.", "for fiscal 2025 unchanged.", "number-dropped", "number dropped", "LINE", "2.7％"),
 ("ja-02-boj", "BOJ Governor Kazuo Ueda told", "BOJ Governor 植田和男 told", "untranslated", "name left in Japanese", "植田和男", None),
 # ja-03
 ("ja-03-iwaya-cho", "the issue of wartime forced labor", "the issue of wartime job labor", "forbidden-term", "glossary wrong form", "job labor", None),
 ("ja-03-iwaya-cho", "counterpart Cho Tae-yul", "counterpart Cho Tae-yeol", "misspelling", "romanisation drift", "Cho Tae-yeol", None),
 ("ja-03-iwaya-cho", "marks the 60th anniversary", "marks the 50th anniversary", "number-changed", "different value", "50th", "60周年"),
 # ja-04
 ("ja-04-noto", "and about 20,000 people are still living", "and about 2,000 people are still living", "number-changed", "magnitude", "2,000", "2万人"),
 ("ja-04-noto", "Prime Minister Shigeru Ishiba issued", "Prime Minister Shigeru Isiba issued", "misspelling", "Kunrei romanisation", "Shigeru Isiba", None),
 ("ja-04-noto", "the time the quake struck.", "the time the quake struck. Bereaved family members pray at the memorial service in Wajima. (Kyodo)", "caption", "caption and credit", "Bereaved family members pray at the memorial service in Wajima. (Kyodo)", None),
 # ja-05
 ("ja-05-ohtani", "won the game 6-5 on a walk-off", "won the game 6-4 on a walk-off", "number-changed", "different value", "6-4", "6－5"),
 ("ja-05-ohtani", "took a 2-1 lead in the series.", "took a 2-1 lead in the series. Share on Facebook Share on X Copy link", "boilerplate", "share row", "Share on Facebook Share on X Copy link", None),
 # ja-06
 ("ja-06-tepco", "According to TEPCO, analysis", "According to the Tokyo Electric Power Corporation (TEPCO), analysis", "acronym-expansion", "wrong expansion beside acronym", "Tokyo Electric Power Corporation", None),
 ("ja-06-tepco", "discharge about 7,800 tons", "discharge about 78,000 tons", "number-changed", "magnitude", "78,000", "7800トン"),
 ("ja-06-tepco", "ocean release this fiscal year of treated water from", "ocean release this fiscal year of water from", "missing-term", "term left out", "LINE", "処理水"),
]

MONO = [
 # m01
 ("m01-yonhap-apec-summit.txt", "President Lee Jae-myung and", "President Lee Jae-myoung and", "misspelling", "romanisation drift", "Lee Jae-myoung", None),
 ("m01-yonhap-apec-summit.txt", "U.S. Terminal High Altitude Area Defense (THAAD)", "U.S. Terminal High Altitude Air Defense (THAAD)", "acronym-expansion", "wrong expansion beside acronym", "Terminal High Altitude Air Defense", None),
 ("m01-yonhap-apec-summit.txt", "Trump left South Korea before the APEC leaders' meeting began.\n", "Trump left South Korea before the APEC leaders' meeting began.\n\nClick here to subscribe to Yonhap's newsletter.\n", "boilerplate", "subscribe prompt", "Click here to subscribe to Yonhap's newsletter.", None),
 # m02
 ("m02-kyodo-policy-speech.txt", "Takaichi, who became the country's first", "Takaiichi, who became the country's first", "misspelling", "letter doubled", "Takaiichi", None),
 ("m02-kyodo-policy-speech.txt", "Democratic Party for the People (DPFP)", "Democratic Party of the People (DPFP)", "acronym-expansion", "wrong expansion beside acronym", "Democratic Party of the People", None),
 ("m02-kyodo-policy-speech.txt", "without sufficient discussion. He said his party", "without sufficient discussion. Yoshihico Noda said his party", "inconsistent-name", "second spelling", "Yoshihico Noda", None),
 # m03
 ("m03-xinhua-foreign-trade.txt", "Regional Comprehensive Economic Partnership (RCEP)", "Regional Comprehensive Economic Pact (RCEP)", "acronym-expansion", "wrong expansion beside acronym", "Regional Comprehensive Economic Pact", None),
 ("m03-xinhua-foreign-trade.txt", "both volume and quality,\" Wang said.", "both volume and quality,\" Wang Linjun said.", "inconsistent-name", "second spelling", "Wang Linjun", None),
 ("m03-xinhua-foreign-trade.txt", "In December alone,", "Share: Facebook | Twitter | WeChat | Email\n\nIn December alone,", "boilerplate", "share row", "Share: Facebook | Twitter | WeChat | Email", None),
 # m05
 ("m05-yonhap-icbm.txt", "The Korean Central News Agency (KCNA) reported", "The Joseon Central News Agency (KCNA) reported", "forbidden-term", "glossary wrong form", "Joseon Central News Agency", None),
 ("m05-yonhap-icbm.txt", "Defense Minister Kim Yong-hyun told", "Defense Minister Jin Longxian told", "transliteration", "pinyin of a Korean name", "Jin Longxian", None),
 ("m05-yonhap-icbm.txt", "The launch came as the North", "A TV screen at Seoul Station shows a news report on North Korea's missile launch. (Yonhap)\n\nThe launch came as the North", "caption", "caption and credit", "A TV screen at Seoul Station shows a news report on North Korea's missile launch. (Yonhap)", None),
 # m06
 ("m06-yonhap-cho-kuk-ruling.txt", "then led by Prosecutor General Yoon Suk Yeol,", "then led by Prosecutor General Yin Xiyue,", "transliteration", "pinyin of a Korean name", "Yin Xiyue", None),
 ("m06-yonhap-cho-kuk-ruling.txt", "will not stop us,\" Hwang said.", "will not stop us,\" Hwang Eun-ha said.", "inconsistent-name", "second spelling", "Hwang Eun-ha", None),
 ("m06-yonhap-cho-kuk-ruling.txt", "under President Moon Jae-in,", "under President Mun Jae-in,", "transliteration", "Revised Romanization of Hangul", "Mun Jae-in", None),
 # m09
 ("m09-yonhap-sk-hynix.txt", "The results came a day before", "Related articles: SK hynix to build new HBM plant in Cheongju\n\nThe results came a day before", "boilerplate", "related-articles link", "Related articles: SK hynix to build new HBM plant in Cheongju", None),
 ("m09-yonhap-sk-hynix.txt", "Analysts said the chipmaker's", "SK hynix's headquarters in Icheon, south of Seoul, is seen in this file photo. (Yonhap)\n\nAnalysts said the chipmaker's", "caption", "caption and credit", "SK hynix's headquarters in Icheon, south of Seoul, is seen in this file photo. (Yonhap)", None),
 # m10
 ("m10-kyodo-senkaku.txt", "Chief Cabinet Secretary Yoshimasa Hayashi told", "Chief Cabinet Secretary Yoshimasa Hayasi told", "misspelling", "Kunrei romanisation", "Yoshimasa Hayasi", None),
 ("m10-kyodo-senkaku.txt", "and stayed for about three hours, according to the Japan Coast Guard.", "and stayed for about three hours, according to the Japan Coastal Guard (JCG).", "acronym-expansion", "wrong expansion beside acronym", "Japan Coastal Guard", None),
 ("m10-kyodo-senkaku.txt", "Foreign Minister Takeshi Iwaya is expected", "Foreign Minister Yanwu Yi is expected", "transliteration", "pinyin of a Japanese name", "Yanwu Yi", None),
 # m13
 ("m13-yonhap-forced-labor.txt", "from that of the comfort women, a euphemism", "from that of the consolation women, a euphemism", "forbidden-term", "glossary wrong form", "consolation women", None),
 ("m13-yonhap-forced-labor.txt", "General Security of Military Information Agreement (GSOMIA)", "General Security of Military Intelligence Agreement (GSOMIA)", "acronym-expansion", "wrong expansion beside acronym", "General Security of Military Intelligence Agreement", None),
 ("m13-yonhap-forced-labor.txt", "Foreign Minister Park Jin said", "Foreign Minister Piao Zhen said", "transliteration", "pinyin of a Korean name", "Piao Zhen", None),
 # m14
 ("m14-hk-jimmy-lai.txt", "Outside the court, dozens", "Read more: Hong Kong's national security law explained\n\nOutside the court, dozens", "boilerplate", "read-more link", "Read more: Hong Kong's national security law explained", None),
 ("m14-hk-jimmy-lai.txt", "Hong Kong Chief Executive John Lee welcomed", "Jimmy Lai is seen in Hong Kong in this file photo. (Photo courtesy of Reuters)\n\nHong Kong Chief Executive John Lee welcomed", "caption", "caption and credit", "Jimmy Lai is seen in Hong Kong in this file photo. (Photo courtesy of Reuters)", None),
 # m15
 ("m15-cna-premier12.txt", "Chen, who finished the tournament", "Chen Jiexian, who finished the tournament", "inconsistent-name", "second spelling (pinyin)", "Chen Jiexian", None),
 ("m15-cna-premier12.txt", "President Lai Ching-te congratulated", "President Lai Qingde congratulated", "transliteration", "pinyin of a Taiwanese name", "Lai Qingde", None),
 ("m15-cna-premier12.txt", "Premier Cho Jung-tai announced", "Premier Cho Jungtai announced", "misspelling", "hyphen dropped", "Cho Jungtai", None),
]
