"""上海市松江区: Epoint govxxgk."""

from scraper.platforms.epoint import EpointSpider


class ShSongjiangSpider(EpointSpider):
    name = "sh_songjiang"
