#include "web/static_assets.h"

#include <string>

#include "core/sha256.h"
#include "web/html.h"

namespace glexia::web {
namespace {

// Plain, readable, print-friendly; no web fonts, no external requests.
constexpr std::string_view kCss = R"CSS(:root{--ink:#1d2433;--muted:#5b6475;--line:#dde2ea;--bg:#f5f7fa;--card:#fff;
--brand:#12284c;--accent:#1f6feb;--accent-soft:#e8f0fe;--warn:#9a6700;--warn-bg:#fff8e5;--bad:#b42318;--bad-bg:#fdecea;
--ok:#1a7f37;--radius:8px}
*{box-sizing:border-box}
html{font-size:16px}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
a.revoked,a.deprecated{color:var(--muted);text-decoration:line-through}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
code{background:#eef1f5;border-radius:4px;padding:.05em .35em;overflow-wrap:anywhere}
pre{background:#eef1f5;padding:.8em;border-radius:6px;overflow:auto}
header.site{background:var(--brand);color:#fff;position:sticky;top:0;z-index:5;box-shadow:0 1px 3px rgba(0,0,0,.2)}
header.site .bar{max-width:1280px;margin:0 auto;display:flex;align-items:center;gap:1.2rem;padding:.55rem 1.2rem;
flex-wrap:wrap}
.brand{color:#fff;font-weight:700;font-size:1.15rem;letter-spacing:.02em;display:flex;align-items:center;gap:.45rem}
.brand:hover{text-decoration:none}
.logo{display:inline-block;width:1.1rem;height:1.1rem;border-radius:3px;background:linear-gradient(135deg,#5aa2ff,#1f6feb 60%,#0b3d91)}
nav.main{display:flex;gap:.9rem;flex-wrap:wrap}
nav.main a{color:#d6e2f5;font-size:.92rem}
nav.main a:hover{color:#fff}
form.search{display:flex;margin-left:auto}
form.search input{border:0;border-radius:6px 0 0 6px;padding:.4rem .6rem;min-width:15rem;font:inherit}
form.search button{border:0;border-radius:0 6px 6px 0;background:var(--accent);color:#fff;padding:.4rem .8rem;
font:inherit;cursor:pointer}
details.picker{position:relative}
details.picker summary{cursor:pointer;list-style:none;background:rgba(255,255,255,.12);border-radius:6px;
padding:.35rem .7rem;font-size:.9rem;white-space:nowrap}
details.picker summary::-webkit-details-marker{display:none}
details.picker summary::after{content:" \25BE"}
.picker-label{opacity:.7}
details.picker .menu{position:absolute;right:0;top:2.3rem;background:#fff;color:var(--ink);border:1px solid var(--line);
border-radius:var(--radius);box-shadow:0 8px 24px rgba(0,0,0,.15);padding:.6rem .8rem;min-width:12rem;display:flex;
gap:1rem}
.menu-title{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.menu ul{list-style:none;margin:.2rem 0 0;padding:0}
.menu a.current{font-weight:700;color:var(--ink)}
main{max-width:1280px;margin:0 auto;padding:1.4rem 1.2rem 3rem}
footer.site{border-top:1px solid var(--line);background:#fff;font-size:.85rem;color:var(--muted)}
footer.site .inner{max-width:1280px;margin:0 auto;padding:1rem 1.2rem}
.muted{color:var(--muted)}
.crumbs{font-size:.85rem;color:var(--muted);margin-bottom:.3rem}
h1{font-size:1.9rem;line-height:1.25;margin:.1rem 0 .6rem}
h1 .id{color:var(--muted);font-weight:500;font-size:1.2rem;margin-left:.5rem}
h2{font-size:1.3rem;margin:0 0 .7rem;padding-bottom:.35rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.1rem 0 .4rem}
h4,h5,h6{font-size:.98rem;margin:1rem 0 .3rem}
section.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1.1rem 1.3rem;
margin:0 0 1.1rem}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 19rem;gap:1.2rem;align-items:start}
@media (max-width:960px){.layout{grid-template-columns:1fr}form.search input{min-width:9rem}}
aside.facts{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem 1.1rem;
position:sticky;top:4.2rem}
aside.facts dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.35rem .8rem;font-size:.9rem}
aside.facts dt{color:var(--muted)}
aside.facts dd{margin:0;overflow-wrap:anywhere}
aside.facts h2{font-size:1rem}
nav.toc ol{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem;padding:0;margin:0 0 1.1rem}
nav.toc a{display:inline-block;border:1px solid var(--line);background:#fff;border-radius:999px;padding:.1rem .75rem;
font-size:.84rem}
nav.toc a:hover{background:var(--accent-soft);text-decoration:none}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(12.5rem,1fr));gap:.7rem 1.2rem;background:#fff;
border:1px solid var(--line);border-radius:var(--radius);padding:.9rem 1.2rem;margin:0 0 1rem}
dl.facts div{min-width:0}
dl.facts dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
dl.facts dd{margin:.1rem 0 0;overflow-wrap:anywhere}
tr.shown td{background:#f3f8ff}
.banner{border-radius:var(--radius);padding:.8rem 1rem;margin-bottom:1rem;border:1px solid}
.banner.deprecated{background:var(--warn-bg);border-color:#f0d48a;color:var(--warn)}
.banner.revoked{background:var(--bad-bg);border-color:#f4b4ad;color:var(--bad)}
.banner.note{background:var(--accent-soft);border-color:#c5d9fb;color:#123a7a}
.lead{font-size:1.02rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
th{background:#f0f3f7;font-weight:600;color:#344054;white-space:nowrap}
td p{margin:0 0 .4rem}
td p:last-child{margin:0}
.table-wrap{overflow-x:auto}
.pill{display:inline-block;border-radius:999px;padding:.05rem .55rem;font-size:.78rem;font-weight:600;
background:#eef1f5;color:#344054;margin:0 .2rem .2rem 0;white-space:nowrap}
.pill.current{background:#e6f4ea;color:var(--ok)}
.pill.deprecated{background:var(--warn-bg);color:var(--warn)}
.pill.revoked{background:var(--bad-bg);color:var(--bad)}
.pill.absent{background:#f2f4f7;color:var(--muted)}
.priority{display:inline-block;border-radius:6px;padding:.15rem .6rem;font-weight:700;text-transform:uppercase;
font-size:.8rem;letter-spacing:.05em}
.priority.critical{background:#b42318;color:#fff}
.priority.high{background:#dc6803;color:#fff}
.priority.elevated{background:#fdb022;color:#3b2a00}
.priority.moderate{background:#d0d5dd;color:#1d2433}
.context-summary{font-size:1.02rem;border-left:4px solid var(--accent);padding-left:.9rem;margin:.2rem 0 1rem}
.context-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(21rem,1fr));gap:.9rem}
.context-grid section{border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem;background:#fbfcfd}
.context-grid h3{margin-top:0}
.context-grid ul{padding-left:1.1rem;margin:.2rem 0}
details.why{margin:.15rem 0 .45rem;font-size:.82rem;color:var(--muted)}
details.why summary{cursor:pointer}
details.why ul{margin:.2rem 0;padding-left:1rem}
.item{border-top:1px solid var(--line);padding:.7rem 0}
.item:first-of-type{border-top:0}
.item h4{margin:0 0 .25rem;font-size:1rem}
.item .summary{color:var(--muted);font-size:.9rem}
.item .procedure{margin:.2rem 0}
.kind-label{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin-left:.35rem}
ol.refs{padding-left:0;list-style:none;margin:0}
ol.refs li{display:grid;grid-template-columns:2.6rem 1fr;padding:.4rem 0;border-bottom:1px solid var(--line);
font-size:.9rem}
ol.refs li:target{background:var(--accent-soft)}
ol.refs .num{color:var(--muted);font-weight:600}
sup.cite{font-size:.72em;line-height:0}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
.attribution{margin:.3rem 0}
.hero{background:linear-gradient(135deg,#12284c,#1f4f9a);color:#fff;border-radius:var(--radius);padding:1.6rem 1.8rem;
margin-bottom:1.2rem}
.hero h1{color:#fff}
.hero p{color:#d6e2f5;max-width:52rem}
.hero form.search input{min-width:24rem;padding:.55rem .7rem}
.hero form.search{margin:0}
section.card form.search{margin:0 0 .8rem}
section.card form.search input{border:1px solid #c9d1dc;min-width:22rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.9rem;margin-bottom:1.1rem}
.tile{background:#fff;border:1px solid var(--line);border-radius:var(--radius);padding:.9rem 1rem}
.tile h3{margin:0 0 .3rem}
.matrix-wrap{overflow-x:auto;padding-bottom:.5rem}
.matrix{display:grid;grid-auto-flow:column;grid-auto-columns:10.5rem;gap:.45rem;min-width:max-content}
.tactic-col{background:#fff;border:1px solid var(--line);border-radius:6px;overflow:hidden}
.tactic-col header{background:var(--brand);color:#fff;padding:.45rem .55rem;font-size:.85rem}
.tactic-col header a{color:#fff;font-weight:700}
.tactic-col header .count{display:block;font-size:.72rem;color:#c7d4ea}
.cell{border-top:1px solid var(--line);font-size:.8rem;padding:.3rem .5rem;line-height:1.35}
.cell details summary{cursor:pointer;list-style:none}
.cell details summary::-webkit-details-marker{display:none}
.cell details summary::before{content:"\25B8 ";color:var(--muted)}
.cell details[open] summary::before{content:"\25BE "}
.cell .subs{list-style:none;margin:.25rem 0 0 .6rem;padding:0 0 0 .4rem;border-left:2px solid var(--accent-soft)}
.cell .subs li{padding:.1rem 0}
.cell .n{color:var(--muted);font-size:.72rem}
.filters{display:flex;flex-wrap:wrap;gap:.35rem;margin:.4rem 0 1rem;font-size:.85rem}
.filters a{border:1px solid var(--line);border-radius:999px;padding:.1rem .6rem;background:#fff}
.filters a.on{background:var(--accent);color:#fff;border-color:var(--accent)}
.results h3{margin-top:1.2rem}
.results li{margin:.3rem 0}
.snippet{color:var(--muted);font-size:.88rem}
.raw-box{display:flex;gap:1rem;flex-wrap:wrap;align-items:center}
.button{display:inline-block;border:1px solid var(--accent);border-radius:6px;padding:.3rem .8rem;font-size:.9rem}
.button:hover{background:var(--accent-soft);text-decoration:none}
@media print{header.site,form.search,details.picker{display:none}body{background:#fff}section.card{border:0}}
)CSS";

constexpr std::string_view kFavicon =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" rx=\"6\" "
    "fill=\"#12284c\"/><path d=\"M9 23V9h9a5 5 0 0 1 0 10h-5v4z\" fill=\"#5aa2ff\"/></svg>";

const std::string& CssHash() {
  static const std::string hash = Sha256Hex(kCss).substr(0, 12);
  return hash;
}

// Reads the request fields directly so assets do not depend on server helpers.
bool HasQueryKey(const server::Request& request, std::string_view key) {
  for (const auto& [k, v] : request.query) {
    if (k == key) return true;
  }
  return false;
}

std::string HeaderValue(const server::Request& request, const std::string& name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

server::Response Asset(const server::Request& request, std::string_view body, std::string content_type,
                       std::string etag) {
  server::Response r;
  r.content_type = std::move(content_type);
  SetSecurityHeaders(r);
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", HasQueryKey(request, "v") ? "public, max-age=31536000, immutable"
                                                                : "public, max-age=3600");
  if (HeaderValue(request, "if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  r.body = std::string(body);
  return r;
}

}  // namespace

std::string_view StylesheetUrl() {
  static const std::string url = "/static/glexia.css?v=" + CssHash();
  return url;
}

server::Response ServeStatic(const server::Request& request) {
  if (request.path == "/static/glexia.css") {
    return Asset(request, kCss, "text/css; charset=utf-8", "\"" + CssHash() + "\"");
  }
  if (request.path == "/static/favicon.svg" || request.path == "/favicon.ico") {
    static const std::string etag = std::string("\"").append(Sha256Hex(kFavicon).substr(0, 12)).append("\"");
    return Asset(request, kFavicon, "image/svg+xml", etag);
  }
  server::Response r;
  r.status = 404;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "not found\n";
  SetSecurityHeaders(r);
  return r;
}

}  // namespace glexia::web
