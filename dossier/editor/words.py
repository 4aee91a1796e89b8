"""Words the review queue does not take for names: common English words that open sentences, and titles."""

from __future__ import annotations

# Capitalised only because they open a sentence (or a quotation): function words, pronouns, sentence adverbs,
# and the nouns and verbs analyses most often start with.
COMMON = frozenset(
    """
A About Above According Accordingly Across Actually After Afterwards Again Against Ahead All Almost Along Already Also
Although Always Amid Among Amongst An And Another Any Anyone Anything Apart Are Around As Asked At Back Be Because Before
Behind Being Below Beneath Beside Besides Between Beyond Both Briefly But By Can Certainly Clearly Consequently Conversely
Could Currently Despite Did Do Does Doing Done During Each Earlier Either Else Elsewhere Enough Equally Especially Even
Eventually Ever Every Everyone Everything Evidently Exactly Except Far Few Finally First Firstly Following For Former
Forty Four Fifth Five Fourth From Further Furthermore Given Going Had Has Have Having He Hence Her Here However His How
Hundreds I If In Including Indeed Initially Inside Instead Into Is It Its Just Last Lastly Later Latter Less Let Like
Likewise Little Many May Maybe Meanwhile Might More Moreover Most Mostly Much Must My Namely Near Nearly Neither Never
Nevertheless New Next Nine No Nobody None Nonetheless Nor Not Nothing Notably Now Of Off Often On Once One Only Or Other
Others Otherwise Our Out Outside Over Overall Perhaps Plus Possibly Previously Probably Rather Recently Regardless
Regarding Second Secondly Seven Several Shall She Should Similarly Since Six So Some Someone Something Sometimes Soon
Still Subsequently Such Ten That The Their Them Then There Thereafter Therefore These They Third Thirdly This Those
Though Three Through Throughout Thus To Today Together Too Toward Towards Twenty Two Ultimately Under Unless Unlike Until
Up Upon Us Very Via Was We Well Were What Whatever When Whenever Where Whereas Whether Which While Who Whoever Whom Whose
Why Will With Within Without Would Yes Yet You Your Yesterday Tomorrow
Ambassador Analysts Article Articles Authorities Critics Diplomats Experts Government Governments Observers Officials
Sources Reports Report Critics Residents Supporters Opponents Leaders Negotiators Talks Tensions Relations Ties The
Meanwhile Amid Part Much Sanctions Security Politically Economically Militarily Strategically Historically Publicly
Privately Officially Diplomatic Military Political Economic Regional International Domestic Western Eastern Northern
Southern Local National Foreign Global Such Again Above Below Figure Table Note Source Read See Also
""".split()
)

# Frequent nouns, adjectives and verbs of news and analysis that open sentences.
MORE = """
Abroad Access Accessed Accord Accords Action Actions Activity Added Administration Advance Advances Agreement Agreements Aid Aim
Aims Air Alliance Alliances Alone Analysis Anger Another Anyway Approach Area Areas Arms Army Arrangement Assessment
Assistance Attack Attacks Attempts Attention Available Background Balance Based Basically Beyond Border Borders Budget
Business Calls Campaign Capital Case Cases Ceasefire Change Changes Choice Cities City Claims Commentary Commitments
Concern Concerns Conditions Conflict Consider Contacts Context Control Cooperation Costs Country Countries Crisis Crises
Current Damage Data Date Deal Deals Debate Decades Decision Decisions Defence Defense Demand Demands Details Development
Developments Diplomacy Discussions Doubts Economy Efforts Elections Energy Events Evidence Example Exports Facing Failure
Fears Fighting Finance Food Forces Funding Future Gas Goals Growth Help Here History Hopes Ideas Imports Indeed Influence
Information Infrastructure Interest Interests Investment Issues Key Land Language Law Laws Leadership Lessons Limits
Markets Measures Media Meetings Members Military Moves Negotiations News Notes Oil Opinion Opposition Options Order
Partners Partnership Peace People Plans Policy Policies Politics Population Positions Power Powers Pressure Priorities
Progress Projects Protests Questions Reasons Reconstruction Reform Reforms Refugees Relations Reportedly Requests
Resources Response Results Rights Risk Risks Role Rules Security Signals Situation Sovereignty Statement Statements
Steps Strategy Support Talks Taken Taking Terms Threats Time Times Trade Troops Trust Understanding Violence Visits
War Wars Water Ways Words Work Years Ibid Even Ever Given Taken Seen Whatever Whichever Upon Nor Yet
Such Each Few Let Nonetheless Overall Thereby Whereby Hereby Albeit Besides Regardless Instead Additionally
""".split()
COMMON = COMMON | frozenset(MORE)

# Endings of ordinary English words; names rarely end so (France and Florence do: -ance and -ence are not here).
ORDINARY_ENDINGS = (
    "ly",
    "ing",
    "tion",
    "tions",
    "sion",
    "ment",
    "ments",
    "ness",
    "ity",
    "ities",
    "ive",
    "ives",
    "able",
    "ible",
    "ful",
    "less",
    "ism",
    "isms",
    "ised",
    "ized",
    "ated",
    "ical",
    "ally",
)

# Words that stand before a name and are not part of it: "Defence Minister Andrei Belousov" is "Andrei Belousov".
TITLES = frozenset(
    """
President Vice Prime Minister Ministers Deputy Defence Defense Foreign Interior Finance Economy Trade Energy Health
Secretary General Gen Lt Col Colonel Major Admiral Commander Governor Mayor Senator Representative Rep Ambassador Envoy
Special Chief Head Leader Chairman Chair Chairwoman Speaker King Queen Prince Princess Crown Emir Sheikh Sultan Pope
Patriarch Imam Ayatollah Supreme Dr Mr Mrs Ms Professor Prof Sir Lord Lady Judge Justice Spokesman Spokeswoman
Spokesperson Adviser Advisor Director Officer Commissioner Chancellor Premier Former Acting Interim Transitional Then
National Security State Affairs Army Navy Air Force Forces Defence Intelligence Military Presidential
""".split()
)

# Single words that are generic nouns of institutions and texts, or compass words and broad adjectives of place:
# capitalised inside names ("Svalbard Treaty", "Norwegian Police Security Service", "Middle East") or at a
# list's start, never a name alone. The queue leaves them out unless site.yaml says `review: {generic: false}`.
GENERIC = frozenset(
    """
Company Companies Corporation Corp Inc Ltd Group Holding Holdings Insurance Bank Fund Service Services Agency Agencies
Ministry Ministries Department Office Bureau Authority Authorities Commission Committee Council Assembly Parliament
Congress Senate Court Tribunal Board Institute Institution Foundation Association Union League Federation Alliance
Organisation Organization Party Movement Front Coalition Forces Force Army Navy Police Guard Guards Brigade Division
Treaty Agreement Accord Accords Convention Declaration Protocol Charter Pact Memorandum Resolution Act Law Code
Programme Program Project Plan Strategy Initiative Summit Conference Forum Route Corridor Pipeline Port Harbour Harbor
Sea Ocean Gulf Bay Strait River Lake Island Islands Mountains Valley Desert Region Province District Republic Kingdom
Federal State States City Capital Centre Center University College School Hospital Museum Airport Station Street Square
East West North South Eastern Western Northern Southern Central Middle Upper Lower Greater Arab Arabs Arabic Islamic
Muslim Christian Atlantic Pacific Arctic Baltic Nordic European Asian African Gulf Levantine Euro
""".split()
)

# Capitals and large cities whose shape reads as an ordinary word ("Beijing" ends like "saying"): names, always.
PLACES = frozenset(
    """
Beijing Nanjing Chongqing Kunming Harbin Shenyang Tianjin Wuhan Chengdu Xiamen Shanghai Guangzhou Shenzhen Taipei
Pyongyang Seoul Tokyo Manila Jakarta Hanoi Bangkok Yangon Dhaka Kathmandu Thimphu Islamabad Kabul Tashkent Bishkek
Dushanbe Ashgabat Astana Baku Tbilisi Yerevan Ankara Nicosia Beirut Damascus Amman Baghdad Tehran Riyadh Doha Manama
Muscat Sanaa Kuwait Cairo Khartoum Tripoli Tunis Algiers Rabat Nouakchott Dakar Bamako Niamey Abuja Accra Lome Lagos
Kinshasa Luanda Nairobi Kampala Kigali Dodoma Lusaka Harare Maputo Pretoria Gaborone Windhoek Antananarivo Mogadishu
Djibouti Asmara Moscow Kyiv Kiev Minsk Chisinau Bucharest Sofia Belgrade Sarajevo Podgorica Tirana Skopje Athens Zagreb
Ljubljana Budapest Vienna Bratislava Prague Warsaw Vilnius Riga Tallinn Helsinki Stockholm Oslo Copenhagen Reykjavik
Berlin Amsterdam Brussels Luxembourg Paris London Dublin Edinburgh Madrid Lisbon Rome Valletta Bern Geneva Ottawa
Washington Havana Mexico Caracas Bogota Quito Lima Brasilia Santiago Montevideo Asuncion Canberra Wellington Murmansk
Kirkenes Tromso Tromsø Longyearbyen Reading Wyoming Darjeeling Flushing Kaohsiung Xining Yinchuan Lanzhou Nanning
""".split()
)
