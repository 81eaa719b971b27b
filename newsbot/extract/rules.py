"""The news-boilerplate rules as data: label vocabularies, text patterns and thresholds.

Vocabularies are regular-expression alternatives. ``SECTION_LABELS`` and ``SOCIAL_WORDS``
are matched against *folded* text (lowercase, punctuation and whitespace folded to single
spaces, see :func:`newsbot.extract.text.fold`), everything else against the block text,
case-insensitively. Several languages are covered where a phrase is cheap to add.
"""

from __future__ import annotations

import re

from newsbot.extract.text import fold, more_words_than, remembered_for_short_texts

# Labels of boxes that go whole, however long: the comment thread, the author's bio, the
# newsletter sign-up.
WHOLE_BOX_LABELS = (
    r"(?:\d+ )?comments?", r"leave a (?:reply|comment)", r"post a comment",
    r"join the (?:discussion|conversation)", r"add (?:a|your) comment", r"about the author", r"newsletter",
    r"sign up(?: for .{1,40})?", r"(?:\d+ )?kommentare?", r"über (?:den|die) autor(?:in)?",
    r"(?:\d+ )?comentarios?", r"sobre el autor", r"(?:\d+ )?commentaires?", r"à propos de l auteur",
    r"(?:\d+ )?commenti", r"(?:\d+ )?komentarz[ey]?",
)

# Whole-block labels that title or stand in for boilerplate: related links, promos, sharing,
# comments, ads. A block equal to one of these (after folding) is never article text.
SECTION_LABELS = (
    *WHOLE_BOX_LABELS,
    # English
    r"(?:more )?related(?: posts?| articles?| stories| news| content| coverage| links| reading| topics"
    r"| videos?)?",
    r"(?:see|read) also", r"also read", r"read (?:more|next)",
    r"more (?:stories|news|articles|reading|videos?)",
    r"more (?:from|on|in|about) .{1,40}", r"more stories (?:from|like this).{0,40}",
    r"you (?:may|might) also (?:like|enjoy|be interested in)", r"recommended(?: for you| stories| reading)?",
    r"(?:most|top) (?:popular|read|viewed|shared|commented)(?: stories| articles| news| now)?",
    r"trending(?: now| stories| articles)?", r"popular (?:posts|stories|articles|now)",
    r"(?:recent|latest|top) (?:posts|stories|news|articles|headlines)", r"editor s picks?",
    r"don t miss(?: this)?", r"what to read next", r"up next", r"further reading",
    r"share(?: this| the| on)?(?: article| story| post| page)?", r"share via", r"sharing is caring",
    r"follow us(?: on .{1,30})?", r"advertisement", r"advertising", r"ad", r"sponsored(?: content)?",
    r"tags?", r"topics?", r"filed under", r"subscribe(?: to .{1,40})?", r"print",
    # German
    r"(?:ähnliche|verwandte|weitere) (?:artikel|beiträge|themen|nachrichten)",
    r"mehr zum thema(?: .{1,40})?",
    r"das (?:könnte|thema könnte) (?:sie|dich) (?:auch )?interessieren", r"auch interessant",
    r"lesen sie auch", r"anzeige", r"werbung", r"(?:artikel |beitrag )?teilen",
    r"meistgelesen(?:e artikel)?", r"empfehlungen", r"zum thema",
    # Spanish / Portuguese
    r"(?:noticias|notas|artículos|contenidos?) relacionad[oa]s?", r"contenido relacionado",
    r"(?:te|le) puede interesar", r"(?:lee|lea) también", r"publicidad", r"compart(?:e|ir)",
    r"lo más (?:leído|visto)", r"más noticias", r"notícias relacionadas", r"publicidade",
    r"leia também", r"compartilhe",
    # French / Italian / Dutch / Polish
    r"(?:à )?lire aussi", r"articles? (?:similaires|liés)", r"sur le même sujet", r"publicité",
    r"partager(?: cet article)?", r"les plus lus", r"articoli correlati", r"leggi anche",
    r"pubblicità", r"condividi", r"gerelateerde artikelen", r"lees ook", r"advertentie",
    r"czytaj (?:też|także|również|więcej)", r"reklama", r"udostępnij", r"najczęściej czytane",
    # comment-section and interface chrome
    r"view comments", r"no comments", r"keine kommentare", r"kommentare insgesamt \d+",
    r"(?:alle )?bild(?:er)? (?:anzeigen|schließen)", r"(?:show|load|view) (?:more|all)",
    r"mehr (?:anzeigen|laden)",
    r"(?:table of )?contents", r"inhaltsverzeichnis", r"sommaire", r"índice", r"quellenangaben",
    r"(?:diese|weitere) artikel könnten (?:dich|sie) (?:auch |ebenfalls )?interessieren",
    r"vorschau auf den nächsten artikel", r"mehr dazu", r"weitere themen", r"empfohlene beiträge",
    r"à découvrir", r"(?:nos|les) dernières? (?:diffusions|articles|actualités)",
)

# Words of share/print/mail button rows: "Print | Email | Share", "Facebook Twitter WhatsApp".
SOCIAL_WORDS = frozenset("""
    share shares print email e mail mail tweet facebook twitter x whatsapp linkedin pinterest
    reddit telegram messenger flipboard pocket tumblr xing vk threads bluesky mastodon sms copy
    link copied save comment comments drucken teilen compartir imprimir partager imprimer
    condividi stampa delen udostępnij on via this article like likes liken gefällt mir loading
    lade wird geladen sie dies mit bewerten rate
""".split())

# Prefixes of one-line teasers ("READ | <other headline>", "Lea también: ...").
TEASER_LABELS = (
    r"read(?: more| also| next| this)?", r"also read", r"see also", r"related(?: story| article)?",
    r"more", r"recommended", r"watch(?: now)?", r"listen", r"don\W?t miss", r"must read",
    r"also on [\w .]{1,30}", r"editor\W?s pick", r"trending", r"click here(?: to read)?",
    r"lesen sie(?: auch| hier| mehr)?", r"auch interessant", r"mehr zum thema", r"siehe auch",
    r"passend dazu", r"weiterlesen", r"lee(?: también| más)?", r"lea(?: también| más)?",
    r"vea(?: también)?", r"ver también", r"mir[ae]", r"(?:le|te) puede interesar",
    r"(?:noticia|nota) relacionada", r"más información", r"(?:à )?lire aussi", r"voir aussi",
    r"à voir(?: aussi)?", r"sur le même sujet", r"leggi anche", r"vedi anche",
    r"leia (?:também|mais)", r"veja também", r"saiba mais", r"czytaj (?:też|także|również|więcej)",
    r"zobacz (?:też|także|również)", r"dowiedz się więcej", r"lees (?:ook|meer)", r"zie ook",
    r"lue (?:myös|lisää|aiheesta lisää)", r"mehr dazu", r"weiter zu",
)
# A headline between chevrons: ">> Storm hits the coast <<".
TEASER_BRACKETS_RE = re.compile(r"^\s*>>\s*.{5,200}?\s*<<\s*$")
# What separates a teaser label from the headline that follows.
TEASER_SEPARATOR = r"\s*(?:[:|»>›→▶►]+|\s[-–—]|\.{3}|…)\s*"

# Notices shown instead of (the rest of) an article behind a paywall.
PAYWALL_PATTERNS = (
    r"(?:subscribe|subscription|log ?in|sign ?in|register)\b.{0,60}\b(?:continue|keep) reading",
    r"(?:continue|keep) reading.{0,40}\b(?:subscribe|subscription|log ?in|sign ?in)",
    r"\b(?:subscribe|log ?in|sign ?in)\b.{0,60}\bfull (?:story|article)",
    r"to (?:view|read|access) (?:the|this) (?:full|whole|rest of the|entire) (?:story|article)",
    r"(?:this|the) (?:article|story|content) is (?:only )?(?:available )?(?:exclusively )?(?:for|to) "
    r"(?:subscribers|members|premium)",
    r"already a (?:subscriber|member)\?", r"you(?:'ve| have) reached your .{0,30}limit",
    r"subscribers? only", r"exclusive(?:ly)? for (?:subscribers|members)",
    r"(?:dieser|der) (?:artikel|beitrag|inhalt) ist (?:nur )?(?:für|exklusiv für) "
    r"(?:abonnenten|abonnentinnen)",
    r"(?:weiterlesen|lesen sie weiter|jetzt weiterlesen) mit", r"exklusiv für abonnenten",
    r"réservé aux abonnés", r"pour lire la suite", r"il vous reste \d+ ?% de cet article",
    r"contenido exclusivo para (?:suscriptores|socios|miembros)", r"para seguir leyendo",
    r"riservato agli abbonati", r"conteúdo exclusivo para assinantes",
    r"pour accéder en illimité", r"profitez de notre offre",
)

# Promotions of the publication itself: newsletters, apps, social channels, donations.
PROMO_PATTERNS = (
    r"\b(?:sign ?up|subscribe|register)\b.{0,50}\bnewsletters?\b",
    r"\bnewsletters?\b.{0,50}\b(?:sign ?up|subscribe)",
    r"(?:delivered|straight) (?:to|in) your inbox", r"never miss (?:a|the|an|any|our)\b",
    r"mit unserem newsletter", r"we need your help", r"help us continue",
    r"\bfollow (?:us|[\w.@ ]{1,40}) on (?:twitter|facebook|instagram|x|linkedin|telegram|whatsapp|"
    r"youtube|tiktok|google news|threads)", r"\bjoin (?:us|our) .{0,30}(?:telegram|whatsapp|channel)",
    r"\bdownload (?:the|our) .{0,40}\bapps?\b",
    r"(?:support|fund|donate to) (?:our|independent|quality) journalism",
    r"become a (?:member|supporter|patron|subscriber)",
    r"if you (?:enjoyed|liked|value|appreciate)(?: reading)? (?:this|our)",
    r"consider (?:supporting|subscribing|donating)", r"newsletter abonnieren", r"folgen sie uns",
    r"unterstützen sie (?:unsere arbeit|unseren journalismus|unabhängigen journalismus)",
    r"síguenos en", r"suscríbete a", r"únete a nuestro canal", r"abonnez-vous", r"suivez-nous",
    r"wesprzyj nas", r"zapraszamy (?:też )?do subskrypcji", r"iscriviti alla newsletter",
)

# Copyright and syndication lines of wire copy and site footers.
COPYRIGHT_PATTERNS = (
    r"^\W*(?:©|\(c\)|copyright\b)", r"\ball rights reserved\b",
    r"may not be (?:published|reproduced),? (?:or )?(?:broadcast|rewritten|redistributed|distributed)",
    r"copyrighted (?:property|material)",
    r"permission must be obtained", r"alle rechte vorbehalten", r"todos los derechos reservados",
    r"tous droits réservés", r"tutti i diritti riservati", r"chroniony prawem autorskim",
    r"\b(?:licen[cs]ed|lizenziert) under\b", r"inhalte dieser (?:website|seite) (?:stehen )?unter",
    r"publikacja dostępna na stronie",
)

# Disclosures (affiliate links, sponsoring) and placeholders of embeds awaiting consent.
DISCLOSURE_PATTERNS = (
    r"\baffiliate[- ]?links?\b",
    r"(?:may|might) (?:earn|receive) (?:a )?(?:small )?(?:commission|compensation)",
    r"(?:contains|includes) (?:references to products|affiliate|sponsored)", r"\bsponsored by\b",
    r"(?:kann|enthält) (?:\w+ )?links zu anbietern", r"provision(?:en)? erhalten", r"enthält werbung",
    r"klicken sie auf den (?:unteren )?button,? um den inhalt",
    r"click (?:the button|here) (?:below )?to (?:load|show|display) (?:the )?content",
    r"(?:inhalte?|content) (?:von|from) [\w.-]+ (?:zu )?(?:laden|load)",
    r"(?:we need your|your) consent to (?:load|display)",
)

# Short labelled lines about the article rather than of it: photo credits, categories,
# reading time, last change.
META_LINE_PATTERNS = (
    r"^\W*(?:photo|foto|fotos|image|bild|beitragsbild|titelbild|bildquelle|credits?|crédits?(?: photos?)?|"
    r"crédito|picture|pic|illustration|grafik|image illustrative|photo source|quelle|source|fuente)s?\s*:",
    r"^\W*(?:kategorie|kategorien|category|categories|catégories?|categorías?|rubrik|tags?|topics?|themen|"
    r"schlagworte?|schlagwörter|stichworte?|etiquetas|mots-clés|filed under)\s*:",
    r"^\W*\d+\s*(?:min|mins|minutes?|minuten)\.?\s*(?:read|lesezeit|de lecture|lectura|czytania)\b",
    r"^\W*(?:lesezeit|reading time|temps de lecture|tiempo de lectura|czas czytania)\b",
    r"^\W*ten tekst przeczytasz",
    r"^\W*(?:letzte änderung|last modified|zuletzt aktualisiert|aktualisiert am)\b",
    r"^\W*video verfügbar bis\b",
)

# A byline alone in a block, as some themes repeat it at the top of the body
# ("By Jane Doe and Sam Roe, Reuters"): a prefix, then names that start with a capital.
BYLINE_RE = re.compile(
    r"^(?i:by|von|por|par|di|door|przez)\s+(?:(?:and|und|y|et|e|i)\s+|[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:[\s,]+|$)){1,8}$")
MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
)
# Tokens of a dateline or timestamp: "Published 30 Sep 2023, 08:15 am | Updated ...".
DATE_TOKEN_RE = re.compile(
    rf"\b(?:{MONTH_NAMES})\b\.?|\b\d{{1,4}}(?:[./-]\d{{1,2}}(?:[./-]\d{{2,4}})?)?\b|"
    r"\b\d{1,2}:\d{2}\b|"
    r"\b(?:am|pm|gmt|utc|cet|cest|est|edt|pst|pdt|bst|ist|[ap]\.m\.|uhr|h|on|at|um|de|del|le|the|"
    r"th|st|nd|rd)\b|"
    r"\b(?:published|updated|posted|modified|last updated|veröffentlicht|aktualisiert|stand|publicado|"
    r"actualizado|publié|mis à jour|pubblicato|aggiornato)\b|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b",
    re.IGNORECASE,
)

# A real date or time, which a dateline must contain (not just any number).
STRICT_DATE_RE = re.compile(
    rf"\b(?:{MONTH_NAMES})\b\.?\s*\d|\d\.?\s*(?:{MONTH_NAMES})\b|"
    r"\b\d{1,2}[./]\d{1,2}[./](?:19|20)?\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b|\b\d{1,2}:\d\d\b",
    re.IGNORECASE,
)

# Thresholds (characters or words) that keep the text rules off real article paragraphs.
MAX_LABEL_WORDS = 8          # a section label is never longer
MAX_LABEL_CHARS = 100
MAX_TEASER_WORDS = 30        # label + headline of an inline teaser
MAX_TEASER_CHARS = 300
MAX_PROMO_WORDS = 60         # promo, paywall and copyright notices are short
NOTICE_MAX_OFFSET = 40       # ... and open the block, unless the block is very short
SHORT_NOTICE_WORDS = 20
MAX_DATELINE_WORDS = 14
MAX_BYLINE_WORDS = 12
MAX_META_LINE_WORDS = 20
LEADING_BLOCKS = 3           # bylines and repeated headlines only at the top of the body

# DOM thresholds.
TEASER_MIN_CHARS = 15
TEASER_MAX_CHARS = 600       # a teaser (headline + excerpt) is never longer
TEASER_LINK_SHARE = 0.5      # ... and is mostly its link, or has a truncated excerpt
TEASER_MIN_HEADLINE_WORDS = 3
TEASER_GROUP_MIN = 2         # repeated teasers that make a related-posts grid
TEASER_GROUP_SHARE = 0.6     # teasers' share of the grid container's text
TEASER_GROUP_MAX_PAGE_SHARE = 0.4  # larger groups are the page's content (gallery, listing)
BOX_MAX_REST_CHARS = 150     # text a labelled box may hold besides its label and links
BOX_LINK_DENSITY = 0.5
WHOLE_BOX_MAX_PAGE_SHARE = 0.5
FORM_BOX_MAX_REST_CHARS = 200
FORM_MAX_CHARS = 1500        # larger forms wrap whole pages (ASP.NET), not comment boxes
INLINE_TEASER_LINK_SHARE = 0.6
LINK_BLOCK_DENSITY = 0.9      # a paragraph that is one link to another article
LINK_ROW_MIN_LINKS = 3        # ... or a row of links ("Budget | Council | Schools")
LINK_ROW_DENSITY = 0.7
MAIN_PARAGRAPH_MIN_CHARS = 40

PAYWALL_BOX_RULE = "paywall-box"
# Boxes named by the class/id conventions of news themes that trafilatura's own discard
# lists do not cover: rule name -> pattern on an element's "class id" string.
BOILERPLATE_BOX_TAGS = ("div", "section", "aside")
BOILERPLATE_BOXES: dict[str, str] = {
    "author-bio": r"(?:^|[ _-])(?:author-?(?:bio|box|info|card|details|profile)|about-?(?:the-)?author"
                  r"|bio-?box)(?:[ _-]|$)",
    "newsletter-box": r"(?:^|[ _-])(?:newsletter|signup|sign-up|subscribe)"
                      r"(?:-?(?:box|form|block|promo|widget|cta|wrapper))?(?:[ _-]|$)",
    PAYWALL_BOX_RULE: r"(?:^|[ _-])(?:paywall|piano|subscription-?(?:wall|prompt|cta)|regwall"
                      r"|meter-?(?:wall|box))(?:[ _-]|$)",
}


def compile_alternatives(alternatives: tuple[str, ...], *, anchored: bool) -> re.Pattern[str]:
    """One case-insensitive regex from alternatives, anchored to the whole string or not."""
    body = "|".join(f"(?:{alt})" for alt in alternatives)
    return re.compile(rf"^(?:{body})$" if anchored else body, re.IGNORECASE)


# One label or several in a row ("Bild anzeigen Bild schließen").
SECTION_LABEL_RE = re.compile(rf"^(?:(?:{'|'.join(SECTION_LABELS)})\s*)+$", re.IGNORECASE)
TEASER_PREFIX_RE = re.compile(
    rf"^\W*(?:{'|'.join(TEASER_LABELS)}){TEASER_SEPARATOR}", re.IGNORECASE)
WHOLE_BOX_LABEL_RE = compile_alternatives(WHOLE_BOX_LABELS, anchored=True)
PAYWALL_RE = compile_alternatives(PAYWALL_PATTERNS, anchored=False)
PROMO_RE = compile_alternatives(PROMO_PATTERNS, anchored=False)
COPYRIGHT_RE = compile_alternatives(COPYRIGHT_PATTERNS, anchored=False)
DISCLOSURE_RE = compile_alternatives(DISCLOSURE_PATTERNS, anchored=False)
META_LINE_RE = compile_alternatives(META_LINE_PATTERNS, anchored=False)


@remembered_for_short_texts
def is_label(text: str) -> bool:
    """A section label or a row of share buttons, judged on the text alone."""
    if not text or len(text) > MAX_LABEL_CHARS or more_words_than(text, MAX_LABEL_WORDS):
        return False
    folded = fold(text)
    return bool(SECTION_LABEL_RE.match(folded)) or is_social_row(folded)


def is_social_row(folded: str) -> bool:
    """Only share/print/mail button words ("print email share", "facebook twitter")."""
    words = folded.split()
    return bool(words) and all(w in SOCIAL_WORDS for w in words) and any(len(w) > 4 for w in words)
