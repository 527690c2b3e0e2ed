"""What "ASEAN Deepens Integration Through the Attachment Programme" (JAIF Management Team,
29 September 2019) states, as data. Quotes, names and story text are the article's own words
(`devdata/tests/test_seed_facts.py` checks each against it). What the article does not say is left
out, never guessed: most batches have no dates, most placements no division or supervisor, several
career steps no date or organisation, the division no department or pillar, no officer the
organisation that nominated them, the training in Malaysia no host.
"""

from datetime import date

TITLE = "ASEAN Deepens Integration Through the Attachment Programme"
BYLINE = "JAIF Management Team"
PUBLISHED_ON = date(2019, 9, 29)
ARTICLE = f"{TITLE} ({BYLINE}, 29 September 2019)"

PILLARS = [
    {"code": "APSC", "name": "ASEAN Political-Security Community"},
    {"code": "AEC", "name": "ASEAN Economic Community"},
    {"code": "ASCC", "name": "ASEAN Socio-Cultural Community"},
]

TRACKS = [
    {
        "slug": "junior-diplomats",
        "name": "Attachment Programme for Junior Diplomats",
        "short_name": "Junior Diplomats",
        "pillars": ["APSC"],
        "first_year": 2001,
        "funder": "Japan-ASEAN Integration Fund (JAIF)",
        "work_plan_reference": "Initiative for ASEAN Integration (IAI) Work Plan III",
        "description": (
            "Attaches junior diplomats from Cambodia, Lao PDR, Myanmar and Viet Nam to the ASEAN Secretariat "
            "for involvement in the ASEAN Political-Security Community (APSC). Running since 2001, the flagship "
            "project of the Initiative for ASEAN Integration, supported by Japan through the Japan-ASEAN "
            "Integration Fund."
        ),
    },
    {
        "slug": "aec-ascc",
        "name": "Attachment Programme for AEC and ASCC Involvement at the ASEC",
        "short_name": "AEC and ASCC Involvement",
        "pillars": ["AEC", "ASCC"],
        "first_year": 2013,
        "funder": "Japan-ASEAN Integration Fund (JAIF)",
        "work_plan_reference": "Initiative for ASEAN Integration (IAI) Work Plan III",
        "description": (
            "Attaches officials from the CLMV ministries relevant to the ASEAN Economic Community (AEC) and the "
            "ASEAN Socio-Cultural Community (ASCC) to the ASEAN Secretariat. Running since 2013, supported by "
            "Japan through the Japan-ASEAN Integration Fund."
        ),
    },
]

# (track slug, number): dates as the article gives them. Batches the article lists without dates
# are completed by September 2019 ("15 Batches for Junior Diplomats ... and 4 Batches for AEC and
# ASCC Involvement"); the 16th and the 5th "will commence in the last quarter of 2019": planned, as
# the article leaves them (whether and when they began is not the article's to say).
LAST_QUARTER_2019 = {"start_date": date(2019, 10, 1), "start_precision": "quarter"}
BATCH_DATES = {
    ("junior-diplomats", 8): {
        "start_date": date(2006, 1, 1),
        "start_precision": "year",
        "end_date": date(2007, 1, 1),
        "end_precision": "year",
    },
    ("junior-diplomats", 13): {
        "start_date": date(2014, 1, 1),
        "start_precision": "year",
        "end_date": date(2015, 1, 1),
        "end_precision": "year",
    },
    ("junior-diplomats", 16): LAST_QUARTER_2019,
    ("aec-ascc", 2): {
        "start_date": date(2015, 1, 1),
        "start_precision": "year",
        "end_date": date(2016, 1, 1),
        "end_precision": "year",
    },
    ("aec-ascc", 3): {
        "start_date": date(2016, 1, 1),
        "start_precision": "year",
        "end_date": date(2017, 1, 1),
        "end_precision": "year",
    },
    ("aec-ascc", 5): LAST_QUARTER_2019,
}
BATCH_COUNTS = {"junior-diplomats": 16, "aec-ascc": 5}
GRADUATED_BY_SEPTEMBER_2019 = {"junior-diplomats": 15, "aec-ascc": 4}

# Named as Chhy Ratha names it; the article gives neither its department nor its pillar.
RATHA_DIVISION = "Social Welfare, Women, Labor, and Migrant Workers Division"
DIVISIONS = [{"name": RATHA_DIVISION, "department": "", "pillar": None}]

ACTIVITIES = [
    {
        "batch": ("junior-diplomats", 13),
        "kind": "study_visit",
        "title": "Study visit in Japan",
        "place": "Japan",
        "host": "",
        "description": "One of the main activities of the programme, at its end; it included a visit to the "
        "ASEAN-Japan Centre.",
    },
    {
        "batch": ("aec-ascc", 3),
        "kind": "diplomatic_training",
        "title": "Diplomatic training in Malaysia",
        "place": "Malaysia",
        # The article credits the Institute of Diplomacy and Foreign Relations with the photo of the
        # training, and does not say who hosted it.
        "host": "",
        "description": "",
    },
]

# Where the graduates worked, as the article names it. It does not say which organisation nominated
# any of them, so no officer has a home organisation.
ORGANISATIONS = [
    {"name": "Ministry of Foreign Affairs", "country": "LA"},
    {"name": "Ministry of Foreign Affairs", "country": "VN"},
    {"name": "Consulate General of Viet Nam in Osaka", "country": "VN"},
    {"name": "Ministry of Women's Affairs", "country": "KH"},
    {"name": "Ministry of Investment and Foreign Economic Relations", "country": "MM"},
]

# Each career step keeps, as its source, the article's words that state it.
FROM_THE_STORY = {"source": "published_story"}

GRADUATES = [
    {
        "officer": {
            "slug": "ekkaphab-phanthavong",
            "full_name": "Ekkaphab Phanthavong",
            "honorific": "H.E. Mr.",
            "gender": "male",
            "country": "LA",
            "public_profile_consent": True,
        },
        "placement": {"batch": ("junior-diplomats", 8), "outcome": "completed"},
        "milestones": [
            {
                "title": "Joined the Ministry of Foreign Affairs",
                "kind": "appointment",
                "organisation": ("Ministry of Foreign Affairs", "LA"),
                "date": date(1996, 1, 1),
                "date_precision": "year",
                "quote": "Since working for the Ministry of Foreign Affairs in 1996",
            },
            {
                "title": "Ambassador, Permanent Representative of the Lao PDR to ASEAN",
                "kind": "appointment",
                "organisation": None,
                "date": date(2018, 4, 1),
                "date_precision": "month",
                "quote": "H.E. Mr. Ekkaphab Phanthavong has been appointed as Ambassador, Permanent Representative of "
                "the Lao PDR to ASEAN since April 2018.",
            },
        ],
        "story": {
            "slug": "ekkaphab-phanthavong",
            "headline": "Ekkaphab Phanthavong: an experience that changed his life",
            "standfirst": "More than a decade after joining the Attachment Programme, the Permanent Representative "
            "of the Lao PDR to ASEAN looks back on the English, the networks and the ways of working he took home.",
            "pull_quote": "For CLMV, especially for Laos, we feel that the Programme meets what we need and is very "
            "relevant until now with the new generation of officials.",
            "body": """\
“Some Lao officials perform very well in their offices, but they don’t have opportunities to participate in this crucial Programme,” Ambassador Ekkaphab shared. Investing in human capacity building for CLMV such as the Attachment Programme, the Ambassador believes that both ASEAN and Japan can gain more benefits in the long run. “We can use the knowledge gained to engage with each other to further enhance cooperation between ASEAN and Japan,” the former Attachment Officer added.

More than a decade since joining the Attachment Programme, the Ambassador proudly looked back saying that the experience helped him change his life. Since working for the Ministry of Foreign Affairs in 1996, his foreign service has been devoted to ASEAN-related matters. Further solidifying his skills early on in his career, he summed up three things he took from his experience as an Attachment Officer, the same things he now observes among Lao officials who also participated in the Programme:

1. English improvement, especially noting that during his time, there were very limited opportunities for Lao officials to learn and practice the language;
2. creating networks between Attachment Officials and the ASEAN Secretariat, and Attachment Officials and external partners, the most important intangible benefit especially for government officials; and
3. ways of working, the knowledge gained being transferred back to the respective ministries.

“For CLMV, especially for Laos, we feel that the Programme meets what we need and is very relevant until now with the new generation of officials,” said the Ambassador. Ambassador Ekkaphab Phanthavong is currently the Permanent Representative of Lao PDR to ASEAN.
""",
            "photos": [
                {
                    "alt_text": "Ambassador Ekkaphab Phanthavong",
                    "caption": "H.E. Mr. Ekkaphab Phanthavong has been appointed as Ambassador, Permanent "
                    "Representative of the Lao PDR to ASEAN since April 2018.",
                    "credit": "JAIF Management Team",
                },
            ],
        },
    },
    {
        "officer": {
            "slug": "hoang-quoc-trung",
            "full_name": "Hoang Quoc Trung",
            "honorific": "Mr.",
            "gender": "male",
            "country": "VN",
            "public_profile_consent": True,
        },
        "placement": {"batch": ("junior-diplomats", 13), "outcome": "completed"},
        "milestones": [
            {
                "title": "Official, ASEAN Department",
                "kind": "other",
                "organisation": ("Ministry of Foreign Affairs", "VN"),
                "quote": "Prior to this new posting, Hoang Quoc Trung was an Official at the ASEAN Department of the "
                "Ministry of Foreign Affairs, Viet Nam.",
            },
            {
                "title": "Consul, for the term 2019-2021",
                "kind": "posting",
                "organisation": ("Consulate General of Viet Nam in Osaka", "VN"),
                "date": date(2019, 6, 1),
                "date_precision": "month",
                "quote": "Indeed, last June 2019, Trung has started his term as Consul at the Consulate General of Viet "
                "Nam in Osaka, Japan.",
            },
        ],
        "story": {
            "slug": "hoang-quoc-trung",
            "headline": "Hoang Quoc Trung: a balanced point of view, and a posting to Japan",
            "standfirst": "The Attachment Officer from Viet Nam learned the value of a “balanced point of view” and "
            "of on-site training with his mentors; his first visit to Japan motivated him to apply for his posting "
            "there.",
            "pull_quote": "Importantly, my first time ever visit to Japan at the end of the programme brought me a "
            "spectacular impression that was more than my imagination.",
            "body": """\
The Attachment Officer from Viet Nam shared how he learned the value of having a “balanced point of view” when operating against a regional context. “Among those working experiences, I would highly appreciate the on-site trainings with my mentors during missions abroad, as well as through all related meetings with Missions of ASEAN Member States and Dialogue Partners,” Trung recalled. During his stay at the Attachment Programme, he also found it very informative to deeply understand Japan’s diplomacy, especially its cooperation with ASEAN, and expand his love for Japan in many ways.

He also fondly remembered the study visit in Japan, one of the main activities of the Attachment Programme. “Importantly, my first time ever visit to Japan at the end of the programme brought me a spectacular impression that was more than my imagination. This was a great motivation for me to apply for my posting to Japan in the term 2019-2021,” Trung added. Indeed, last June 2019, Trung has started his term as Consul at the Consulate General of Viet Nam in Osaka, Japan. “I believe with my understanding and knowledge about ASEAN-Japan cooperation, I would continue to contribute to the enduring cooperation between Viet Nam and Japan and ASEAN and Japan during my term at the Consulate.”

Prior to this new posting, Hoang Quoc Trung was an Official at the ASEAN Department of the Ministry of Foreign Affairs, Viet Nam.
""",
            "photos": [
                {
                    "alt_text": "Hoang Quoc Trung with fellow participants at the ASEAN-Japan Centre",
                    "caption": "Mr. Hoang Quoc Trung (first from left) visits the ASEAN-Japan Centre as one of the "
                    "activities of the study visit in Japan.",
                    "credit": "Hoang Quoc Trung",
                },
            ],
        },
    },
    {
        "officer": {
            "slug": "chhy-ratha",
            "full_name": "Chhy Ratha",
            "honorific": "Ms.",
            "gender": "female",
            "country": "KH",
            "public_profile_consent": True,
        },
        "placement": {
            "batch": ("aec-ascc", 2),
            "division": RATHA_DIVISION,
            "outcome": "completed",
        },
        "milestones": [
            {
                "title": "Bureau Chief of Women and ASEAN Affairs, International Cooperation Department",
                "kind": "promotion",
                "organisation": ("Ministry of Women's Affairs", "KH"),
                "date": date(2016, 1, 1),
                "date_precision": "year",
                "quote": "After returning to her home Ministry in 2016, Chhy Ratha was promoted from Officer to Bureau "
                "Chief of Women and ASEAN Affairs, International Cooperation Department",
            },
            # "After returning to her home Ministry in 2016, Chhy Ratha was promoted ... to Bureau Chief ...
            # and also served as Assistant to Minister": the year dates her return, not when she served.
            {
                "title": "Assistant to Minister",
                "kind": "appointment",
                "organisation": ("Ministry of Women's Affairs", "KH"),
                "quote": "and also served as Assistant to Minister.",
            },
            {
                "title": "Director of International Cooperation Department",
                "kind": "promotion",
                "organisation": ("Ministry of Women's Affairs", "KH"),
                "date": date(2019, 1, 1),
                "date_precision": "year",
                "quote": "Recently, in the middle of 2019, she was again promoted as the Director of International "
                "Cooperation Department, Ministry of Women’s Affairs, Cambodia.",
            },
        ],
        "story": {
            "slug": "chhy-ratha",
            "headline": "Chhy Ratha: working as ASEC staff, then leading at home",
            "standfirst": f"Attached to the {RATHA_DIVISION}, the officer from Cambodia came to appreciate the "
            "linkage of national and regional efforts, and passed on to her staff what she learned.",
            "pull_quote": "It is better to often approach and request the work from your supervisor or colleagues "
            "in the Division.",
            "body": """\
Bulk of the time spent at the Attachment Programme is being ‘attached’ to the ASEC for a certain period of time. Early batches spent six months while the latter and most recent ones have a year to complete the Programme. The range of work varies, but essentially the objective is for the Attachment Officer to learn about ASEAN and ASEC. This requires various activities—from servicing and attending meetings to writing reports. For Ratha, this part of the Programme was where she took the most out of her experiences. “The Social Welfare, Women, Labor, and Migrant Workers Division provided me with the opportunity to attend meetings and encouraged me to participate in the work of the Division as ASEC staff. I couldn’t forget the one where I went alone as if I were a regular ASEC staff,” she mused. Recalling the experience, the Attachment Officer shared that it was her first time to travel alone and that the experience was indeed a revelation even to herself.

Prior to joining the Attachment Programme, Ratha had the impression that ASEAN is “a little bit far” from their work at the Ministry. A year after her stint as Attachment Officer, she not only appreciated the linkage of national and regional efforts, but even passed on to her staff what she learned. “If you waste your time and you don’t work so hard during your attachment program, you cannot take benefit or experience from ASEC to bring back home. With this, I focus on the capacity building and the opportunities I can get from ASEC. It is better to often approach and request the work from your supervisor or colleagues in the Division,” she shared. After returning to her home Ministry in 2016, Chhy Ratha was promoted from Officer to Bureau Chief of Women and ASEAN Affairs, International Cooperation Department and also served as Assistant to Minister. Recently, in the middle of 2019, she was again promoted as the Director of International Cooperation Department, Ministry of Women’s Affairs, Cambodia.
""",
            "photos": [
                {
                    "alt_text": "Chhy Ratha at the ASEAN Secretariat",
                    "caption": "Ms. Chhy Ratha during her stay at the ASEAN Secretariat as an Attachment Officer",
                    "credit": "Chhy Ratha",
                },
            ],
        },
    },
    {
        "officer": {
            "slug": "htet-htet-htoo",
            "full_name": "Htet Htet Htoo",
            "honorific": "Ms.",
            "gender": "female",
            "country": "MM",
            "public_profile_consent": True,
        },
        # Her supervisor during the placement is not named. The former Attachment Officer who supervised
        # her did so before she joined the programme, so is no fact of the placement: the story says it.
        "placement": {"batch": ("aec-ascc", 3), "outcome": "completed"},
        "milestones": [
            {
                "title": "Assistant Director",
                "kind": "other",
                "organisation": ("Ministry of Investment and Foreign Economic Relations", "MM"),
                "quote": "Currently, Htet Htet Htoo is Assistant Director at the Ministry of Investment and Foreign "
                "Economic Relations, Myanmar.",
            },
        ],
        "story": {
            "slug": "htet-htet-htoo",
            "headline": "Htet Htet Htoo: confidence, networks and trade negotiations",
            "standfirst": "Supervised by a former Attachment Officer before she joined the programme, the officer "
            "from Myanmar saw first-hand what it could do; at the ASEC she worked on her social skills, and she now "
            "uses her diplomatic training in trade negotiations.",
            "pull_quote": "Now it is part of my responsibilities and I really find the things I learned from the "
            "training very applicable and useful.",
            "body": """\
Witnessing the contributions of the Attachment Programme by having supervised by a former Attachment Officer, Htet had a first-hand experience of the Attachment Programme even before joining it. Looking back, she said that this was perhaps her motivation for applying.

“I was weak in social skills,” Htet candidly describing her early years as a professional. Indeed, when she finally joined the Attachment Programme, she took it upon herself to improve on this aspect and appreciated the many opportunities afforded by her stay at the ASEC to do just that. Now, more than a great boost of confidence, she also reflected with much appreciation on how she can capitalize on the networks she has gained as she performs her work in the Ministry.

With the nature of work that she has now, Htet credited much the diplomatic training in Malaysia, which she received from the Attachment Programme. Referring to her participation to international trade negotiations and relations, the Attachment Officer added, “Now it is part of my responsibilities and I really find the things I learned from the training very applicable and useful.” Currently, Htet Htet Htoo is Assistant Director at the Ministry of Investment and Foreign Economic Relations, Myanmar.
""",
            "photos": [
                {
                    "alt_text": "Htet Htet Htoo with fellow participants at the diplomatic training in Malaysia",
                    "caption": "Ms. Htet Htet Htoo (center) actively participates in the diplomatic training in "
                    "Malaysia.",
                    "credit": "Institute of Diplomacy and Foreign Relations",
                },
            ],
        },
    },
]

# The figures the article reports, one record per number, each with the sentence that states them.
FIGURES_SOURCE = {
    "source_name": BYLINE,
    "source_title": TITLE,
    # The article's text gives no address of its own.
    "source_url": "",
    "as_of": PUBLISHED_ON,
    "statement": "To-date, it has a total of 88 graduates from 15 Batches for Junior Diplomats (APSC Involvement) "
    "since 2001 and 4 Batches for AEC and ASCC Involvement since 2013.",
}
REPORTED_FIGURES = [
    {"kind": "graduates", "track": None, "value": 88},
    {"kind": "batches_run", "track": "junior-diplomats", "value": 15},
    {"kind": "batches_run", "track": "aec-ascc", "value": 4},
]
