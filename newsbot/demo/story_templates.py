"""Sentence templates for generated stories, one frame per section.

Templates are ``str.format`` strings over the slots built in
:func:`newsbot.demo.storygen.story_slots`; ``[a|b]`` picks one alternative at random.
Every template names ``{town}`` or ``{org}`` (which contains the town), so no two
stories share a sentence. The first letter of each filled sentence is capitalised.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """What one story is about: its headline, first sentence and key points."""

    subject: str
    headline: str
    lede: str
    key_points: tuple[str, str, str]
    tags: tuple[str, str]
    org: str | None = None
    intro: str | None = None


@dataclass(frozen=True)
class SectionFrame:
    """The templates of one section; a topic may override ``org`` and ``intro``."""

    name: str
    org: str
    intro: str
    topics: tuple[Topic, ...]
    details: tuple[str, ...]
    quotes: tuple[str, ...]
    tags: tuple[str, ...]


WORLD = SectionFrame(
    name="World",
    org="the {town} [regional council|provincial government]",
    intro="{name}, who leads {org}, said the authorities were doing everything possible to "
          "keep people informed about {subject}.",
    topics=(
        Topic(
            subject="the flood relief plan",
            headline="Thousands evacuated as floods [sweep through|swamp] {town} after days of rain",
            lede="Emergency crews evacuated more than {n} households in {town} on {weekday} after "
                 "the river burst its banks, and officials warned that water levels could rise "
                 "again overnight as more rain moved in from the west.",
            key_points=("Floodwater forced more than {n} households in {town} from their homes.",
                        "{org} has promised emergency support worth {money}.",
                        "Forecasters expect more rain across {town} [this week|before the weekend]."),
            tags=("Flooding", "Weather"),
        ),
        Topic(
            subject="the disputed election result",
            headline="{name} claims second term as governor of {town} after bitter recount",
            lede="{name} has been declared the winner of the race for governor of {town} after a "
                 "recount that stretched late into {weekday} night, ending a dispute that had "
                 "paralysed {org} for almost [three weeks|a month].",
            intro="{surname} said {org} would now turn its attention to the cost of living and "
                  "to rebuilding trust in {town}.",
            key_points=("A recount confirmed {name} as governor of {town}.",
                        "The margin of victory in {town} was fewer than {n} votes.",
                        "Opposition parties in {town} plan to challenge the result in court."),
            tags=("Elections", "Local government"),
        ),
        Topic(
            subject="the water-sharing agreement",
            headline="{town} and {place2} sign water-sharing deal after [years|a decade] of talks",
            lede="Officials from {town} and neighbouring {place2} signed an agreement on {weekday} "
                 "to share water from the upland reservoirs, ending a dispute that has soured "
                 "relations between the two districts for more than {n2} years.",
            key_points=("{town} and {place2} agreed to share water from the upland reservoirs.",
                        "The deal for {town} follows more than {n2} years of negotiations.",
                        "Farmers around {town} say the agreement comes too late for this season."),
            tags=("Diplomacy", "Water"),
        ),
        Topic(
            subject="the rail strike",
            headline="Rail strike strands thousands of {town} commuters as pay talks collapse",
            lede="Thousands of commuters in {town} were left stranded on {weekday} as rail workers "
                 "walked out for the first time in {n2} years, after talks with {org} over pay "
                 "and working hours broke down without agreement.",
            key_points=("Rail workers in {town} walked out after pay talks collapsed.",
                        "{org} says it has made a fair offer to staff.",
                        "Union leaders in {town} have warned of further strikes in {month}."),
            tags=("Transport", "Strikes"),
        ),
    ),
    details=(
        "{org} said {subject} would be reviewed by an independent panel before the end of {month}.",
        "Residents of {town} gathered outside the council offices on {weekday} evening, some "
        "holding placards criticising the handling of {subject}.",
        "According to figures published by {org}, about {pct} per cent of households in {town} "
        "had been directly affected.",
        "{surname}, who took office {n2} years ago, has faced growing pressure from within the "
        "governing coalition in {town}.",
        "Diplomats in {place2} were watching events in {town} closely, one senior official said, "
        "speaking on condition of anonymity.",
        "The opposition leader in {town}, {official}, accused {org} of [mishandling|misjudging] "
        "{subject} from the start.",
        "Local radio stations in {town} reported long queues at petrol stations and supermarkets "
        "as people prepared for further disruption.",
        "{org} has set aside {money} for emergency payments, though campaigners in {town} say the "
        "sum falls well short of what is needed.",
        "Aid groups working in {town} said volunteers had [distributed|handed out] more than {m} "
        "food parcels since the start of the week.",
        "Officials in {town} said a full report on {subject} would be presented to lawmakers in "
        "{month}.",
        "Police in {town} said {n3} people had been detained after scuffles broke out near the "
        "main square late on {weekday}.",
        "{surname} is expected to travel to {place2} next week for talks that could decide the "
        "future of {subject} and of {org} itself.",
        "Analysts said the episode had exposed deep divisions within {org} that have been "
        "building for several years.",
        "Schools across {town} remained closed on {weekday}, and hospitals said they were "
        "operating on emergency staffing rotas.",
    ),
    quotes=(
        "We will not let the people of {town} down, and we will answer every question about "
        "{subject}",
        "Nobody in {town} should have to wait this long for a straight answer",
        "This is a difficult moment for {town}, but it is not a moment for panic",
        "What {town} needs now is calm, cooperation and a clear plan",
        "I have asked my team at {org} to work through the night if that is what it takes",
    ),
    tags=("Local government", "Protests", "Security", "Regions"),
)

BUSINESS = SectionFrame(
    name="Business",
    org="{town} [Freight|Foods|Engineering|Textiles|Motors|Chemicals|Components|Packaging]",
    intro="{name}, chief executive of {org}, said the decision reflected [a tough market|"
          "changing demand] rather than any problem with the workforce in {town}.",
    topics=(
        Topic(
            subject="the restructuring plan",
            headline="{org} to cut {n} jobs as orders slump",
            lede="{org} plans to cut {n} jobs over the next [year|two years], the company said on "
                 "{weekday}, blaming a sharp fall in orders from its largest customers and energy "
                 "costs that have more than doubled since [2021|2022].",
            key_points=("{org} will cut {n} jobs across its sites.",
                        "Management at {org} blamed falling orders and higher energy costs.",
                        "Unions in {town} have called for urgent talks."),
            tags=("Jobs", "Manufacturing"),
        ),
        Topic(
            subject="the annual results",
            headline="{org} profits jump {pct}% as [export demand|demand at home] holds up",
            lede="{org} reported a {pct} per cent rise in annual profit on {weekday}, helped by "
                 "strong demand from export customers and tight control of costs at its main "
                 "plant in {town}.",
            key_points=("Annual profit at {org} rose {pct} per cent.",
                        "Export orders drove much of the growth at {org}.",
                        "The board in {town} raised the dividend for shareholders."),
            tags=("Markets", "Earnings"),
        ),
        Topic(
            subject="the proposed takeover",
            headline="{org} agrees {money} takeover by larger rival",
            lede="{org} has agreed to be bought by a larger rival based in {place2} in a deal worth "
                 "{money}, ending decades of independence for one of the best-known names in "
                 "{town}.",
            key_points=("{org} has agreed a takeover worth {money}.",
                        "The buyer of {org} is based in {place2}.",
                        "Staff in {town} have been told their jobs are safe for now."),
            tags=("Mergers", "Markets"),
        ),
        Topic(
            subject="the new factory",
            headline="{org} to build {money} plant, creating {n} jobs in {town}",
            lede="{org} will build a new manufacturing plant on the edge of {town} at a cost of "
                 "{money}, creating about {n} jobs once it opens in {year}, the company announced "
                 "on {weekday}.",
            key_points=("{org} will invest {money} in a new plant.",
                        "About {n} jobs will be created in {town}.",
                        "The plant in {town} is due to open in {year}."),
            tags=("Manufacturing", "Investment"),
        ),
    ),
    details=(
        "Shares in {org} [rose|fell] {pct2} per cent in early trading on {weekday} before "
        "recovering some of the move.",
        "{org} employs about {staff} people across its sites and is one of the largest private "
        "employers in {town}.",
        "Union representatives in {town} said they had not been consulted on {subject} and would "
        "seek urgent talks with management.",
        "The finance director of {org}, {official}, told analysts that {subject} would be funded "
        "from existing cash reserves of about {money2}.",
        "{org} said it expected to complete {subject} by the end of {month}, subject to approval "
        "from regulators.",
        "Analysts at a {place2} brokerage said the move by {org} had been widely expected after a "
        "difficult [year|two years].",
        "Suppliers around {town} have warned that any delay to {subject} could put smaller firms "
        "under severe strain.",
        "{surname} joined {org} {n2} years ago from a rival group and has overseen a steady "
        "expansion of its export business.",
        "Energy costs at {org} rose by almost {pct} per cent last year, according to its most "
        "recent annual report.",
        "The chamber of commerce in {town} said it welcomed the clarity but urged {org} to protect "
        "its apprenticeship scheme.",
        "Orders from customers in {place2} accounted for roughly a third of revenue at {org} last "
        "year.",
        "{org} first opened in {town} in {founded}, when it employed fewer than {n2} people in a "
        "single workshop.",
        "Investors will be watching for further detail on {subject} when {org} publishes its "
        "trading update in {month}.",
        "A spokesperson for {org} declined to comment on whether further changes were planned at "
        "the {town} site.",
    ),
    quotes=(
        "These are difficult decisions, but they put {org} on a sustainable footing for the next "
        "decade",
        "Our roots are in {town} and that is not going to change",
        "We have listened carefully to our customers and to our staff in {town}",
        "The numbers at {org} speak for themselves, and we are confident about the year ahead",
        "Nobody at {org} takes this lightly, least of all me",
    ),
    tags=("Companies", "Economy", "Trade", "Energy"),
)

SCIENCE = SectionFrame(
    name="Science",
    org="[{town} University|the {town} Institute of Science]",
    intro="Professor {name}, who led the work at {org}, said the team had spent years preparing "
          "for {subject}.",
    topics=(
        Topic(
            subject="the coral study",
            headline="Scientists at {org} find reef recovering faster than expected",
            lede="Researchers at {org} say a stretch of coral reef they have monitored for {n2} "
                 "years is recovering faster than expected, in findings published on {weekday} in "
                 "a peer-reviewed journal.",
            key_points=("A reef monitored by {org} is recovering faster than expected.",
                        "The {town} team tracked the reef for {n2} years.",
                        "The {town} researchers warn that warming seas remain a serious threat."),
            tags=("Oceans", "Climate"),
        ),
        Topic(
            subject="the battery project",
            headline="{org} team unveils battery that charges in {n2} minutes",
            lede="Engineers at {org} have built a prototype battery that can be recharged in {n2} "
                 "minutes without losing capacity over hundreds of cycles, according to results "
                 "released on {weekday}.",
            key_points=("Engineers at {org} have built a fast-charging prototype battery.",
                        "The battery from {town} recharges in {n2} minutes.",
                        "Commercial versions of the {town} design are still years away."),
            tags=("Technology", "Energy"),
        ),
        Topic(
            subject="the drug trial",
            headline="Early trial at {org} suggests new drug may slow memory loss",
            lede="An early-stage trial led by doctors at {org} suggests that an experimental drug "
                 "may slow memory loss in people with mild dementia, although the researchers "
                 "stressed that the findings were preliminary.",
            key_points=("A trial at {org} tested an experimental dementia drug.",
                        "About {n} patients took part in the {town} study.",
                        "A larger trial involving patients beyond {town} is planned."),
            tags=("Health", "Medicine"),
        ),
        Topic(
            subject="the sky survey",
            headline="{town} astronomers spot {n2} previously unknown asteroids",
            lede="Astronomers at {org} have identified {n2} previously unknown asteroids in a survey "
                 "of the night sky carried out with a small telescope on the hills above {town}, "
                 "the team said on {weekday}.",
            key_points=("Astronomers at {org} found {n2} new asteroids.",
                        "None of the objects spotted from {town} poses a threat to Earth.",
                        "The {town} survey used a relatively small telescope."),
            tags=("Space", "Astronomy"),
        ),
    ),
    details=(
        "The team at {org} analysed data from more than {m} samples collected over {n2} years.",
        "{surname} cautioned that the results from {town} were preliminary and would need to be "
        "repeated by independent groups.",
        "Funding for {subject} came from a {money2} grant awarded to {org} by a national research "
        "council.",
        "Colleagues in {place2}, who were not involved in the work, described the findings from "
        "{town} as promising but limited.",
        "The researchers at {org} now plan a larger study involving about {k} participants, due to "
        "begin in {month}.",
        "Data from {subject} will be made freely available so that other laboratories can check "
        "the methods used in {town}.",
        "{org} has built a reputation in the field over the past decade, attracting researchers "
        "from across Europe.",
        "Earlier attempts to answer the same question had produced conflicting results, {surname} "
        "told colleagues at {org}, largely because samples were too small.",
        "A postdoctoral researcher on the {town} team, {official}, spent {n2} months refining the "
        "measurement technique.",
        "The paper from {org} lists {n2} co-authors from {n3} institutions.",
        "Ethics approval for {subject} was granted by a committee at {org} before any work began.",
        "If confirmed, the results from {town} could change how similar projects are designed, "
        "according to {surname}.",
        "The limitations of the study include its reliance on a single site near {town}, the "
        "authors acknowledge.",
        "Students at {org} helped collect much of the raw data during fieldwork last {month}.",
    ),
    quotes=(
        "We were genuinely surprised by what the data from {town} showed us",
        "Science moves slowly, and the work in {town} is no exception",
        "I would urge caution, but the signal from {town} is hard to ignore",
        "What we have found at {org} raises more questions than it answers",
        "This is the result of years of patient work by a small team in {town}",
    ),
    tags=("Research", "Universities", "Data", "Innovation"),
)

SPORT = SectionFrame(
    name="Sport",
    org="{town} [Rovers|United|Athletic|City|Wanderers|Albion]",
    intro="{name}, the {org} manager, said everyone connected with the club had [pulled "
          "together|played their part] in recent weeks.",
    topics=(
        Topic(
            subject="the cup run",
            headline="{org} stun {rival} to reach cup semi-final",
            lede="{org} reached the semi-finals of the national cup for the first time in {n2} "
                 "years after a {score} win over {rival} on {weekday} night, sparking celebrations "
                 "across {town}.",
            key_points=("{org} beat {rival} {score}.",
                        "It is the first semi-final for {org} in {n2} years.",
                        "Fans celebrated late into the night in {town}."),
            tags=("Football", "Cup"),
        ),
        Topic(
            subject="the new contract",
            headline="{org} hand manager {name} new contract until {year}",
            lede="{org} have handed manager {name} a new contract that runs until {year}, "
                 "rewarding a run of results that has lifted the club into the top half of the "
                 "table, the club announced on {weekday}.",
            key_points=("{name} has signed a new deal with {org}.",
                        "The contract keeps the manager in {town} until {year}.",
                        "{org} are in the top half of the table."),
            tags=("Football", "Contracts"),
            intro="{surname} said everyone connected with {org} had played their part in a "
                  "remarkable few months.",
        ),
        Topic(
            subject="the stadium plan",
            headline="{org} unveil plans for {capacity}-seat stadium",
            lede="{org} have unveiled plans for a {capacity}-seat stadium on the site of a former "
                 "goods yard in {town}, saying the move is essential if the club is to compete at "
                 "a higher level.",
            key_points=("{org} plan a new {capacity}-seat stadium.",
                        "The ground would be built on a former goods yard in {town}.",
                        "Planning permission from the council in {town} is still needed."),
            tags=("Stadiums", "Football"),
        ),
        Topic(
            subject="the injury crisis",
            headline="Injury crisis deepens for {org} ahead of {rival} clash",
            lede="{org} will be without {n3} first-team players for the {weekday} match against "
                 "{rival} after two more members of the squad were ruled out with hamstring "
                 "injuries in training.",
            key_points=("{org} have {n3} first-team players injured.",
                        "Two more players were hurt in training in {town}.",
                        "{org} face {rival} on {weekday}."),
            tags=("Injuries", "Football"),
        ),
    ),
    details=(
        "{org} have won {wins} of their last ten league matches and sit comfortably in the top "
        "half of the table.",
        "Supporters packed into pubs around {town} to watch the match, with many staying late "
        "into the night to celebrate.",
        "{surname} said the {town} squad had trained [twice a day|behind closed doors] all week to "
        "prepare for {rival}.",
        "The chief executive of {org}, {official}, said {subject} was central to the long-term "
        "future of football in {town}.",
        "Season ticket sales at {org} have risen by {pct} per cent since the start of the "
        "campaign.",
        "{org} were founded in {founded} and have spent most of their history in the lower "
        "divisions.",
        "Former players from {town} posted messages of support on social media after the final "
        "whistle.",
        "A crowd of {attendance} watched {org} play, the largest at the ground for more than {n2} "
        "years.",
        "The match between {org} and {rival} had been moved to a {weekday} evening at the request "
        "of broadcasters.",
        "{surname} has used {n2} different starting line-ups this season, a sign of the pressure "
        "on the {town} squad.",
        "Youth players from the {org} academy featured heavily, with three of them making their "
        "debuts.",
        "Local businesses in {town} reported a busy weekend as visiting fans filled hotels and "
        "restaurants.",
        "League officials said they would review footage of a second-half incident involving a "
        "{org} defender.",
        "{org} travel to {place2} on {weekday} for their next league fixture.",
    ),
    quotes=(
        "The lads gave everything for this club and for {town}",
        "Nights like this are why people in {town} love football",
        "We respect {rival}, but this {town} side believed it could win from the first minute",
        "There is a lot of hard work ahead for {org}, and nobody is getting carried away",
        "I have never been prouder to be part of {org}",
    ),
    tags=("League", "Fans", "Transfers", "Youth football"),
)

CULTURE = SectionFrame(
    name="Culture",
    org="the {town} Arts Centre",
    intro="{name}, [director|artistic director|chair of the trustees] at {org}, said {subject} "
          "had been [three|four|five] years in the making.",
    topics=(
        Topic(
            subject="the exhibition",
            headline="{org} opens exhibition of forgotten {town} painters",
            lede="{org} has opened an exhibition devoted to a group of painters who worked in "
                 "{town} between the wars, bringing together more than {count} canvases that have "
                 "rarely been seen in public.",
            key_points=("{org} has opened an exhibition of painters from {town}.",
                        "More than {count} works are on display at {org}.",
                        "Entry is free for residents of {town}."),
            tags=("Art", "Museums"),
            org="the {town} Museum",
        ),
        Topic(
            subject="the festival programme",
            headline="{org} announces biggest line-up in its {n2}-year history",
            lede="{org} has announced the largest programme in its {n2}-year history, with more "
                 "than {count} events across {town} over ten days in {month}, organisers said on "
                 "{weekday}.",
            key_points=("{org} will stage more than {count} events.",
                        "The festival in {town} runs for ten days in {month}.",
                        "Organisers in {town} expect record ticket sales."),
            tags=("Festivals", "Music"),
            org="the {town} Festival",
        ),
        Topic(
            subject="the restoration",
            headline="{n2}-year restoration of {org} [nears completion|is almost complete]",
            lede="The {n2}-year restoration of {org}, one of the oldest working theatres in the "
                 "region, is nearly complete, with the first public performance scheduled for "
                 "{month}, its trustees said on {weekday}.",
            key_points=("Restoration work on {org} is nearly complete.",
                        "The first performance in {town} is planned for {month}.",
                        "The project in {town} cost {money}."),
            tags=("Theatre", "Heritage"),
            org="the {town} Playhouse",
        ),
        Topic(
            subject="the prize",
            headline="{name} wins fiction prize for novel set in wartime {town}",
            lede="{name} has won the fiction prize awarded by {org} for a novel set in {town} "
                 "during the Second World War, beating {n3} other shortlisted writers at a "
                 "ceremony on {weekday} evening.",
            key_points=("{name} won the fiction prize awarded by {org}.",
                        "The winning novel is set in wartime {town}.",
                        "The prize from {org} is worth {prize}."),
            tags=("Books", "Awards"),
            org="the {town} Literary Society",
            intro="{surname}, who grew up near {town}, said winning the prize was the proudest "
                  "moment of a long career.",
        ),
    ),
    details=(
        "Tickets for {subject} went on sale on {weekday} and several events sold out within "
        "hours, organisers in {town} said.",
        "The project was supported by a {money2} grant from the national arts council and "
        "donations from residents of {town}.",
        "{surname} first visited {town} as a student and said its history had shaped much of "
        "the work.",
        "Critics who attended a preview in {town} praised the ambition of {subject}, though some "
        "questioned its length.",
        "More than {k} volunteers in {town} have helped with {subject} since planning began.",
        "Admission to {org} will be free for residents of {town} on the first {weekday} of every "
        "month.",
        "The programme includes talks, workshops and a series of late-night events aimed at "
        "younger audiences in {town}.",
        "{org} expects around {visitors} visitors over the coming year, roughly double last "
        "year's figure.",
        "Several works on display in {town} have never been shown in public before, having spent "
        "decades in private collections.",
        "{official}, who chairs the board of trustees at {org}, said the response from the public "
        "had been overwhelming.",
        "Schools in {town} have been offered free guided visits as part of {subject}.",
        "Local historians in {town} helped researchers trace the background of many of the "
        "objects and stories involved.",
        "The council in {town} said {subject} had already brought visible benefits to shops and "
        "cafés nearby.",
        "Organisers in {town} said they hoped {subject} would become a regular fixture of the "
        "cultural calendar.",
    ),
    quotes=(
        "Art belongs to everyone, and that is especially true in {town}",
        "We wanted {subject} to feel like a conversation with the people of {town}",
        "I hope visitors leave {town} with a few new questions",
        "It has been a long road, but {org} has never felt more alive",
        "Every town has stories worth telling, and {town} has more than most",
    ),
    tags=("Arts", "Heritage", "Community", "Events"),
)

FRAMES: dict[str, SectionFrame] = {f.name: f for f in (WORLD, BUSINESS, SCIENCE, SPORT, CULTURE)}

GENERIC: tuple[str, ...] = (
    "The announcement in {town} came after several weeks of speculation in the local press.",
    "{surname} is due to give further details at a public meeting in {town} on {weekday} evening.",
    "Critics said {org} had been slow to explain {subject}, a charge that {surname} rejected.",
    "A petition calling for more openness over {subject} has gathered about {m} signatures in "
    "{town}.",
    "It is not the first time {org} has found itself at the centre of public debate in {town}.",
    "The local newspaper in {town} reported that {subject} had been discussed at a private "
    "meeting in {month}.",
    "Residents interviewed in {town} on {weekday} gave mixed reactions, with some welcoming the "
    "news and others openly sceptical.",
    "The {town} branch of a national charity said it would monitor the effect of {subject} on "
    "vulnerable families.",
    "{org} said it had received more than {k} messages from members of the public since the news "
    "broke.",
    "Opposition councillors in {town} have called for an independent review of {subject}.",
    "{surname} has previously said that {town} deserves more attention from national "
    "decision-makers.",
    "Business leaders in {town} said they would study the details of {subject} before commenting "
    "further.",
    "Asked in {town} whether the timetable for {subject} could slip, {surname} said only that the "
    "work was on track.",
    "The episode has drawn comparisons with a similar row in {place2} several years ago, though "
    "officials in {town} reject the parallel.",
    "Traders in {town} said footfall had risen noticeably since {subject} was first made public.",
    "A spokesperson for {org} said the organisation would respond in writing to questions "
    "submitted by residents.",
    "Further updates on {subject} are expected after a meeting of senior figures at {org} in "
    "{month}.",
    "Figures compiled by {org} suggest that around {pct} per cent of people in {town} are aware "
    "of {subject}.",
    "{town}, home to about {population} people, has seen its profile rise sharply over the past "
    "year.",
    "Younger residents of {town} have been particularly vocal online, sharing videos and "
    "photographs of the events.",
    "{surname} thanked staff at {org} for their work and said the coming weeks would be decisive.",
)

CLOSERS: tuple[str, ...] = (
    "{org} is expected to publish a full statement on {subject} by the end of {month}.",
    "A final decision on the next phase of {subject} is due before the end of {month}, officials "
    "in {town} said.",
    "For now, attention in {town} turns to what {surname} and {org} do next.",
    "Whatever happens next, {subject} is likely to dominate conversation in {town} for some time.",
    "{surname} is due to return to {town} in {month} to set out the next steps for {org} in "
    "detail.",
)

SUBHEADINGS: tuple[str, ...] = (
    "What happens next in {town}",
    "Reaction across {town}",
    "A long road for {org}",
    "Questions for {org}",
    "Why it matters for {town}",
    "The view from {town}",
)

QUOTE_LINES: tuple[str, ...] = (
    "“{quote},” {surname} said.",
    "“{quote},” {surname} told reporters on {weekday}.",
    "“{quote},” {surname} said in a statement.",
)

# Paragraphs a later edition adds to an already published story (see content.update_schedule).
# Slots: {town}, {weekday}, {n} and {name} only.
UPDATES: tuple[str, ...] = (
    "This article was updated on {weekday} after officials in {town} confirmed that {n} more "
    "residents had come forward, and that a second public briefing would be held before the end "
    "of the week.",
    "Update: a spokesperson in {town} said on {weekday} evening that several figures given "
    "earlier had been revised, and that {n} further cases were now being examined by an "
    "independent panel.",
    "Later on {weekday}, {name} issued a short statement in {town} saying that talks would "
    "resume within days and that about {n} people had already responded to the consultation.",
    "In a fresh development on {weekday}, councillors in {town} voted to publish the full "
    "correspondence, {n} pages in all, after {name} said residents deserved to see every "
    "document.",
)
