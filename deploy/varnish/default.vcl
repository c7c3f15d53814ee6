vcl 4.1;
# Varnish in front of the Newsroom app: keeps every page an anonymous reader
# gets for its s-maxage, and drops exactly the pages a change touches when the
# app purges their surrogate keys (newsroom/edge.py, docs/edge-cache.md).
#
# Written for Varnish 7.1 (Debian bookworm's varnish) with vmod xkey from
# Debian's varnish-modules; deploy/varnish/Dockerfile builds that image and
# tests/ops/test_varnish.py runs this file in front of gunicorn. Two listeners,
# named (varnishd -a NAME=ADDRESS):
#
#   http   readers' requests (from nginx, deploy/nginx.conf): cached pages;
#          PURGE is refused here, whoever sends it;
#   purge  the app's purges only (EDGE_PURGE_URLS=http://varnish:6091):
#          PURGE with "xkey-purge: key1 key2", from an address in the
#          "purgers" ACL below; anything else is refused.
#
# What is cached: GET and HEAD without a session or messages cookie, outside
# /admin/, when the app says so (Cache-Control: public with s-maxage; the app
# sends private/no-store for anyone logged in). The app's Surrogate-Key header
# becomes xkey's index. Other cookies are dropped before the lookup, and
# query parameters the app does not read (utm_*, fbclid, gclid, ...) are
# removed, so they neither split the cache nor reach the app.

import xkey;

# The app. In docker-compose.yml: nginx's internal server (deploy/nginx.conf,
# port 8081), which spreads requests over every web replica (a backend host
# here is resolved once, when the VCL is loaded, and must name one address:
# "web" scaled to N replicas would not load). Without nginx behind: web:8000.
backend default {
    .host = "proxy";
    .port = "8081";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 60s;
}

# Who may purge, on the purge listener: this host and the private networks
# compose draws its networks from (the web containers). Narrow it to the
# app's network or hosts in a deployment of your own.
acl purgers {
    "localhost";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (local.socket == "purge") {
        if (req.method != "PURGE") {
            return (synth(405, "Only PURGE here"));
        }
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method == "PURGE" || req.method == "BAN") {
        # Never from the readers' side, even from an address in "purgers"
        # (nginx in front is one).
        return (synth(403, "Forbidden"));
    }
    unset req.http.xkey-purge;

    # The builtin checks: a lower-case Host, and none missing in HTTP/1.1.
    call vcl_req_host;
    # A malformed Range is ignored (as the app does), not answered with 503.
    if (req.http.Range && req.http.Range !~ "^bytes=[0-9]*-[0-9]*(, *[0-9]*-[0-9]*)*$") {
        unset req.http.Range;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        # POSTs (comments, reports, the admin) and every other method: not
        # cached, sent on as they are.
        return (pass);
    }
    if (req.url ~ "^/admin(/|$|\?)") {
        return (pass);
    }
    # Someone logged in (a session) or with a message waiting ("Thank you for
    # your comment"): their own page, rendered by the app.
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|messages)=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Any other cookie (csrftoken, the reader cookie, analytics) does not
    # change a reader page: dropped, so the request can hit the cache.
    unset req.http.Cookie;
    # Reader pages read only these query parameters
    # and the read API's filters and pages under /api/v1/
    # (settings.PAGE_CACHE_QUERY_PARAMS; a test checks that both lists agree):
    # every other one (utm_*, fbclid, gclid, ...) is removed. Only here: the
    # admin and the forms passed above get their URLs untouched.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url,
            "([?&])(?!(?:page|q|p|kommentare|antworten|eintraege|nach|section|tag|author|since|until|limit|cursor|after)=)[^&]*", "\1");
        # Each page reads only some of them (the views' params in the app:
        # lists a page, the search q and page, an article kommentare and
        # antworten, a sitemap p, the API its filters), and a page number
        # only as a number.
        if (req.url !~ "^/api/") {
            set req.url = regsuball(req.url,
                "([?&])(section|tag|author|since|until|limit|cursor|after)=[^&]*", "\1");
            if (req.url !~ "^(/en)?/suche/") {
                set req.url = regsuball(req.url, "([?&])q=[^&]*", "\1");
            }
            if (req.url !~ "^(/en)?/artikel/[^/?]+/(\?|$)") {
                set req.url = regsuball(req.url, "([?&])(kommentare|antworten|eintraege)=[^&]*", "\1");
            }
            if (req.url !~ "^(/en)?/artikel/[^/?]+/live\.json(\?|$)") {
                set req.url = regsuball(req.url, "([?&])nach=[^&]*", "\1");
            }
            if (req.url !~ "^/sitemap-") {
                set req.url = regsuball(req.url, "([?&])p=[^&]*", "\1");
            }
            if (req.url ~ "^(/en)?/(artikel|kommentar)/"
                || req.url ~ "^/(sitemap|feed|ressort/[^/]+/feed|thema/[^/]+/feed)") {
                set req.url = regsuball(req.url, "([?&])page=[^&]*", "\1");
            }
            set req.url = regsuball(req.url,
                "([?&])(page|p|kommentare|eintraege)=(?![1-9][0-9]{0,3}(&|$))[^&]*", "\1");
            set req.url = regsuball(req.url,
                "([?&])(antworten|nach)=(?![1-9][0-9]{0,18}(&|$))[^&]*", "\1");
        }
        set req.url = regsuball(req.url, "&{2,}", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # Pages name their own absolute addresses (canonical, feeds): a copy per
    # scheme when TLS ends in front (nginx sets X-Forwarded-Proto).
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    # A page the app did not mark for caching (no Cache-Control, no Expires:
    # a 404, a redirect, an error) is not kept: Varnish would otherwise keep
    # it default_ttl (2 minutes), unpurgeable.
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 10s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The app names what a page shows in Surrogate-Key; xkey indexes the
    # object under each key of its "xkey" header.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # The TTL is the app's s-maxage (Varnish reads it before max-age). Grace:
    # when a page's TTL runs out, readers get the old copy for a few seconds
    # while one background fetch renews it. A purge removes the page outright
    # (no grace): the next reader waits for the new page, and readers asking
    # at the same moment wait for that same fetch (one backend request).
    set beresp.grace = 5s;
    set beresp.keep = 0s;
    # s-maxage=0 on a public page: the app saw what the page shows change
    # while it rendered it (or served a stale copy). Not kept, and only for
    # one second does this address skip the cache (the builtin rule would
    # make it 120 s: a breaking story's page would reach the app for two
    # minutes, without the one-fetch-for-all of a miss).
    if (beresp.ttl <= 0s && beresp.http.Cache-Control ~ "public") {
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The builtin rules follow: Set-Cookie, private, no-store or no-cache
    # make the response uncacheable.
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Internal: the readers need neither.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
    # s-maxage was for this cache, which is purged. A cache further out (a
    # CDN in front of nginx, a corporate proxy) is not: it gets max-age=0
    # and revalidates with the ETag every time.
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control,
            ",\s*s-maxage=\d+|s-maxage=\d+,\s*", "");
    }
}
