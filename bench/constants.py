"""Names the data generator and the load driver share. No Django imports:
``bench/run.py`` reads these without setting Django up."""

# Every generated article, author and source has a slug with this prefix;
# that is how the generator recognises (and --reset removes) its own data.
PREFIX = "bench-"

# The article page measured with 200 approved comments.
ARTICLE_SLUG = "bench-gemeinderat-beschliesst-neues-verkehrskonzept"
ARTICLE_COMMENTS = 200
# The article with the most comments (5,000 by default).
BIG_ARTICLE_SLUG = "bench-grosse-leserdebatte-zur-pensionsreform"
# The article the comment-POST load writes to (pre-moderated: stays pending).
POST_ARTICLE_SLUG = "bench-leserforum-wohnen-in-der-stadt"
# The storm (issue 16): readers on this article while a moderator approves
# one comment a second. It has STORM_COMMENTS approved comments and a pool of
# STORM_PENDING pending ones whose bodies start with STORM_BODY_PREFIX; each
# storm run replaces the pool (``bench_storm --refill``). Added to a data set
# by itself, so an existing data set needs no regeneration.
STORM_ARTICLE_SLUG = "bench-eilmeldung-regierungskrise-live"
STORM_COMMENTS = 5_000
STORM_PENDING = 200
STORM_BODY_PREFIX = "Sturm-Kommentar"
# The moderator the storm approves as (no password: it never logs in).
STORM_MODERATOR = "bench-moderator"

# The live ticker (issue 19): an article whose ticker has TICKER_ENTRIES
# entries, polled by TICKER_POLLERS readers while ``bench_ticker`` posts one
# entry a second as TICKER_EDITOR (no password: it never logs in). The
# entries it posts start with TICKER_POSTED_PREFIX; each run removes the
# earlier runs' ones first. Added to a data set by itself, like the storm.
TICKER_ARTICLE_SLUG = "bench-liveticker-landtagswahl"
TICKER_ENTRIES = 2_000
TICKER_POLLERS = 16
TICKER_POSTED_PREFIX = "Bench-Eintrag"
TICKER_EDITOR = "bench-ticker-desk"

SECTION_SLUG = "politik"
TAG_NAME = "Energiewende"
TAG_SLUG = "energiewende"
# A typical search (one topic: a tag on about 1 % of the articles) and a broad one
# (two words found in about half of them).
SEARCH_QUERY = "Klimagipfel"
SEARCH_BROAD_QUERY = "Gemeinderat Budget"

# Comment bodies posted by the load test start with this, then a run id.
POST_BODY_PREFIX = "Benchmark-Kommentar"

# Sizes: the full data set and the quick one.
FULL = {"articles": 10_000, "comments": 1_000_000, "big_article_comments": 5_000}
QUICK = {"articles": 500, "comments": 20_000, "big_article_comments": 1_000}
