"""One file per schema change, applied in order by ``careleaver-bot db upgrade``."""
