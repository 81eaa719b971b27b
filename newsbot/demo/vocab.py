"""Word lists the story generator draws from: places, people, calendar words.

Town names are built from a prefix and a suffix so that every generated story can get
a town of its own (see :func:`newsbot.demo.storygen.town_for`); every story sentence
names its town, which keeps sentences of different stories distinct.
"""

from __future__ import annotations

TOWN_PREFIXES: tuple[str, ...] = (
    "Ash", "Alder", "Amble", "Bar", "Beck", "Bel", "Birch", "Black", "Bram", "Brent",
    "Bright", "Cal", "Castle", "Clay", "Cold", "Corn", "Crow", "Dun", "East", "Elm",
    "Fair", "Fern", "Fox", "Glen", "Gold", "Grey", "Hale", "Hart", "Hazel", "High",
    "Holly", "Kings", "Lark", "Lin", "Long", "Marsh", "Mill", "Moss", "North", "Oak",
    "Pen", "Pine", "Queens", "Raven", "Red", "Rose", "Rush", "Salt", "Sand", "Silver",
    "South", "Stan", "Stone", "Thorn", "West", "White", "Wil", "Willow", "Win", "Wolf",
    "Wren", "Yar",
)
TOWN_SUFFIXES: tuple[str, ...] = (
    "bury", "ford", "field", "ham", "haven", "mouth", "port", "stead", "minster", "bridge",
    "combe", "dale", "gate", "holme", "hurst", "mere", "moor", "ness", "wick", "worth",
    "borough", "chester", "cliffe", "cross", "down", "fleet", "hall", "hithe", "mead", "pool",
    "shaw", "thorpe", "vale", "wood", "bourne", "brook", "by", "cott", "ton", "wich",
)
# Put between prefix and suffix for the towns of story keys past the first prefix x suffix
# combinations ("Ash" + "ing" + "bury"); no infixed name equals another town name.
TOWN_INFIXES: tuple[str, ...] = (
    "ing", "en", "er", "ley", "ton", "wel", "ling", "ock", "am", "ern", "et", "ow",
)

# Places that are never generated town names, for neighbours, rivals and buyers.
OTHER_PLACES: tuple[str, ...] = (
    "Port Aurel", "New Halden", "Lower Brackley", "St Aldric", "Marrow Bay", "Kessington",
    "Valmont", "Eastreach", "Corrigan Falls", "Dunmarrow", "Old Tarrow", "Sable Point",
    "Great Ormby", "Haverleigh",
)

FIRST_NAMES: tuple[str, ...] = (
    "Amelia", "Ben", "Chiara", "David", "Elif", "Farah", "George", "Hana", "Ibrahim",
    "Joanna", "Kofi", "Laura", "Marek", "Nadia", "Oliver", "Paula", "Rahul", "Sara",
    "Thomas", "Ursula", "Victor", "Wen", "Yusuf", "Zainab", "Adrian", "Beatrice", "Connor",
    "Dalia", "Emeka", "Freya", "Gareth", "Helen", "Isaac", "Julia", "Karim", "Lena",
    "Martin", "Naomi", "Owen", "Petra", "Rosa", "Samuel", "Tessa", "Viktor", "Alice",
    "Hugo", "Imogen", "Lucas",
)
SURNAMES: tuple[str, ...] = (
    "Okafor", "Brennan", "Lindgren", "Haddad", "Moreau", "Kowalski", "Nakamura",
    "Fitzgerald", "Castellano", "Reyes", "Achterberg", "Ferreira", "Novak", "Sullivan",
    "Hartley", "Ingram", "Jovanovic", "Kaur", "Larsen", "Macleod", "Nieminen", "Osei",
    "Pritchard", "Quinn", "Rossi", "Sandoval", "Tanaka", "Underhill", "Varga", "Whitfield",
    "Yilmaz", "Zielinski", "Abbott", "Baptiste", "Carrick", "Delaney", "Forsyth", "Grant",
    "Holloway", "Iqbal", "Jarvis", "Keane", "Lowry", "Mendes", "Nolan", "Ogden", "Petrov",
    "Rahman", "Vance", "Walsh", "Young", "Dimitriou", "Esposito", "Gallagher", "Halvorsen",
    "Mwangi", "Sorensen", "Tembo", "Urquhart", "Wozniak",
)

CLUB_SUFFIXES: tuple[str, ...] = ("Rovers", "United", "Athletic", "City", "Wanderers", "Albion")
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
