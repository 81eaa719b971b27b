"""The people of the demo site: staff writers, photographers, wire services, commenters."""

from __future__ import annotations

from dataclasses import dataclass

SITE_NAME = "The Northgate Herald"


@dataclass(frozen=True)
class Author:
    """A staff writer; ``desks`` are the sections they write for."""

    name: str
    slug: str
    desks: tuple[str, ...]
    bio: str


AUTHORS: tuple[Author, ...] = (
    Author("Amara Okonkwo", "amara-okonkwo", ("World",),
           "Amara Okonkwo is the Herald’s chief world affairs correspondent. She has reported from "
           "more than thirty countries and previously led the paper’s Brussels bureau."),
    Author("Daniel Whitcombe", "daniel-whitcombe", ("World", "Culture"),
           "Daniel Whitcombe writes about regional politics and the arts. He joined the Herald as "
           "a trainee in 2011 and still answers every reader email."),
    Author("Priya Raman", "priya-raman", ("Business",),
           "Priya Raman is the Herald’s business editor, covering manufacturing, trade and the "
           "companies that shape the northern economy."),
    Author("Tomás Herrera", "tomas-herrera", ("Business", "World"),
           "Tomás Herrera covers energy and transport. Before joining the Herald he spent eight "
           "years at a financial news agency in Madrid."),
    Author("Eleanor Voss", "eleanor-voss", ("Science",),
           "Eleanor Voss is the Herald’s science correspondent and holds a doctorate in marine "
           "biology. She is fond of long footnotes."),
    Author("Rachel Adeyemi", "rachel-adeyemi", ("Science", "Business"),
           "Rachel Adeyemi reports on health and medical research, and presents the Herald’s "
           "weekly science podcast."),
    Author("Kwame Mensah", "kwame-mensah", ("Sport",),
           "Kwame Mensah is the Herald’s chief sports writer. He has covered four World Cups and "
           "has not missed a home derby since 2009."),
    Author("Callum Reid", "callum-reid", ("Sport", "Culture"),
           "Callum Reid covers football and rugby across the region and writes the Monday column "
           "Final Whistle."),
    Author("Sophie Lindqvist", "sophie-lindqvist", ("Culture",),
           "Sophie Lindqvist is the Herald’s arts editor, writing about theatre, books and the "
           "visual arts."),
)
AUTHORS_BY_NAME: dict[str, Author] = {a.name: a for a in AUTHORS}
AUTHORS_BY_SLUG: dict[str, Author] = {a.slug: a for a in AUTHORS}


def desk(section: str) -> list[Author]:
    """The authors who write for ``section``."""
    return [a for a in AUTHORS if section in a.desks]


PHOTOGRAPHERS: tuple[str, ...] = (
    "Photograph: Marta Ruiz/Northgate Herald",
    "Photograph: Ian Cole/Continental Wire",
    "Photograph: Grace Mbatha for the Northgate Herald",
    "Photograph: Handout/Meridian Press Agency",
    "Photograph: Leo Brandt/Alamy",
)

WIRE_SERVICES: tuple[str, ...] = ("Continental Wire", "Meridian Press Agency")

COMMENTERS: tuple[str, ...] = (
    "jimbo_1974", "Sarah K", "LocalLad", "Old Harbour Resident", "M. Patel", "northern_soul",
    "Grace W", "Tony B", "quietreader", "Ellie R", "Frank Doyle", "concerned_citizen",
)

COMMENTS: tuple[str, ...] = (
    "Great piece, thanks for keeping us informed.",
    "I drove past there this morning and it was chaos. Hope everyone is OK.",
    "Would be good to see a follow-up on this in a few months.",
    "Same old story. Promises now, nothing delivered later.",
    "Does anyone know if the public meeting will be streamed online?",
    "My grandad used to say exactly this would happen one day.",
    "Finally some good news for a change!",
    "The comments section on this site never disappoints.",
    "Who is actually paying for all of this? Genuine question.",
    "Proud of everyone involved. Well done all.",
    "This is why local journalism matters. Subscribed today.",
    "Not convinced. Let’s see the full figures before celebrating.",
    "Shared this with my neighbours, we had no idea.",
    "Typo in the third paragraph, but otherwise a good read.",
    "I was there too and it was even busier than described.",
    "Hope the people in charge read this article carefully.",
)
