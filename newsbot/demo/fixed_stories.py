"""Hand-written stories the demo site always carries.

``SEED_STORY`` is the story the project started from (its expected body is in the test
fixtures). ``LATIN1_STORY`` is served in windows-1252 and is full of accents, curly
quotes and euro signs, so a wrong decoding shows up as visible mojibake.
"""

from __future__ import annotations

from newsbot.demo.storygen import H2, LI, QUOTE, P, Story


def _story(section: str, title: str, tags: tuple[str, ...], items: list[tuple[str, str]]) -> Story:
    return Story(
        section=section, title=title, tags=tags,
        blocks=tuple(text for _, text in items), kinds=tuple(kind for kind, _ in items),
    )


SEED_STORY = _story(
    "World",
    "Taliban who ‘fought against Daesh’ rejects Iran claim that ISIL leaders were sent to "
    "Afghanistan",
    ("Afghanistan", "Iran", "Security"),
    [
        (LI, "Iran claimed it sent ISIL members to Afghanistan."),
        (LI, "The Taliban rejected the claim."),
        (LI, "ISIL affiliate Islamic State in Khorasan Province is a threat to the Taliban’s rule."),
        (P, "The Taliban has rejected a claim by Iran’s foreign minister that the leaders of the "
            "ISIL (ISIS) armed group had been sent to Afghanistan."),
        (P, "“If Iran has any intelligence that Daesh members have been transferred to "
            "Afghanistan, we hope [they] share it so the Afghan security forces can take the "
            "necessary steps,” Abdul Qahar Balkhi, a spokesperson for the foreign ministry, said "
            "on Twitter on Saturday using a common Arabic name for the ISIL group."),
        (P, "“The Islamic Emirate of Afghanistan has meticulously fought against Daesh both during "
            "and after the end of the occupation,” he added."),
        (P, "Balkhi also urged Iranian authorities to take a constructive stance on economic, "
            "political, and social issues."),
        (P, "Moreover, Balkhi asserted the Taliban government would “not allow anyone” to "
            "threaten the security of the country, “or use our territory against others”."),
        (P, "Iranian Foreign Minister Hossein Amirabdollahian told state television in an "
            "interview last week that the leaders of ISIL had been sent to Afghanistan from Iraq, "
            "Syria, and Libya in recent months."),
        (P, "He added:"),
        (QUOTE, "This is one of the challenges facing the Taliban."),
        (P, "An affiliate of ISIL – Islamic State in Khorasan Province, ISKP (ISIS-K) – has been "
            "posing the biggest threat to the Taliban’s authority, claiming responsibility for "
            "several attacks."),
        (P, "Hundreds of people have been killed and wounded, including foreigners and members of "
            "the minority Hazara community, in attacks carried out by the ISKP in a bid to "
            "undermine the Taliban government."),
        (P, "The armed group has also killed Taliban administration officials, including the "
            "governor of the northern province of Balkh in an attack on his office in March and "
            "the acting governor of the northeastern province of Badakhshan this month."),
        (P, "The Taliban administration has launched a crackdown on members of ISKP, raiding its "
            "hideouts in several provinces."),
    ],
)

LATIN1_STORY = _story(
    "Business",
    "Lyon’s pâtissiers fear €2m rent rise as Halles Saint-Éloi closes for renovation",
    ("Retail", "France", "Property"),
    [
        (P, "Pâtissiers, fromagers and café owners at the Halles Saint-Éloi in Lyon say a planned "
            "renovation of the 19th-century market hall could add as much as €2m a year to their "
            "combined rent bill, putting at risk businesses that have traded there for "
            "generations."),
        (P, "The city council confirmed on Thursday that work would start in September and last "
            "about eighteen months, with traders moved to temporary stalls on the nearby quai "
            "while builders strip out the hall’s ageing roof and cold rooms."),
        (P, "“We are not against the works – the roof leaks every winter – but nobody has told us "
            "what we will pay when we come back,” said Hélène Marchetti, whose family has sold "
            "crème brûlée and tarte tatin from the same corner stall since 1962."),
        (P, "Officials say the renovation, budgeted at €38.5m, will bring the building up to "
            "modern hygiene and energy standards and add a first-floor food court with seating "
            "for about 300 people and a counter for hors d’œuvres."),
        (H2, "A family trade under pressure"),
        (P, "Jérôme Castaño, president of the traders’ association, said rents in comparable "
            "renovated halls in Marseille and Bordeaux had risen by between 40% and 70% once work "
            "was finished, figures the council disputes."),
        (P, "Castaño added:"),
        (QUOTE, "Les Halles are the belly of the neighbourhood. If only the chains can afford the "
                "new rents, we will have lost something that money cannot rebuild."),
        (P, "The council’s deputy for commerce, Agnès Lefèvre, said existing tenants would be "
            "offered a “transition tariff” capped at 15% above current levels for the first three "
            "years, and that no trader would be asked to leave."),
        (P, "Customers queuing for Saturday’s market were largely sympathetic. “I come here for "
            "the Saint-Marcellin and the gossip,” said retired teacher Benoît Rousseau, 71. “You "
            "can’t buy either of those in a food court.”"),
        (P, "The council will present the final lease terms to the traders’ association on "
            "14 July, a date that several stallholders noted with some irony given its "
            "revolutionary associations."),
    ],
)
