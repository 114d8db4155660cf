"""Times how fast a running server refuses documents built to exhaust it: p50 and max of 20
requests each, with the code and limit of the refusal.

    python3 benches/refusals.py http://127.0.0.1:8000/graphql
"""
import json, sys, time, urllib.request, statistics
url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/graphql"
def post(q):
    body = json.dumps({"query": q}).encode()
    t = time.perf_counter()
    req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
    try:
        data = urllib.request.urlopen(req).read()
    except urllib.error.HTTPError as e:
        data = e.read()
    return time.perf_counter() - t, len(body), json.loads(data)
doubling = "query { ...F30 }\nfragment F0 on Query { locales }\n" + "".join(
    f"fragment F{i} on Query {{ ...F{i-1} ...F{i-1} }}\n" for i in range(1, 31))
intro = "{ " + " ".join(f"a{i}: __schema {{ types {{ name fields {{ name type {{ name }} }} }} }}" for i in range(250)) + " }"
wide = "{ " + " ".join(f"{'x' * 500}{i}: locales" for i in range(1990)) + " }"
costly = "{ companies(first: 100) { nodes { agreements(first: 100) { nodes { parties { company { agreements(first: 100) { nodes { slug } } } } } } } } }"
for name, q in [("doubling fragments, 2^30 fields", doubling), ("250 introspection aliases", intro),
                ("1 MB: 1,990 aliases of 500 chars", wide), ("three nested pages of 100", costly)]:
    times = []
    for _ in range(20):
        t, n, res = post(q)
        times.append(t * 1000)
    err = (res.get("errors") or [{}])[0].get("extensions", {})
    print(f"{name:34} {n:>8} bytes  p50 {statistics.median(times):6.2f} ms  max {max(times):6.2f} ms  "
          f"{err.get('code', 'answered')} {err.get('limit', '')}")
