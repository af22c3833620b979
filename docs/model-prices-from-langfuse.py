#!/usr/bin/env python3
# Rewrites Langfuse's worker/src/constants/default-model-prices.json (model names, match patterns,
# prices, tiers and tokenizer settings are facts) in Glasshouse's price-file format.
# See docs/model-prices.md, "Refreshing the table".
#
#   git -C <langfuse> show HEAD:worker/src/constants/default-model-prices.json > /tmp/lf.json
#   python3 docs/model-prices-from-langfuse.py /tmp/lf.json <commit> <yyyy-mm-dd> \
#       > src/main/resources/io/glasshouse/ingest/pricing/model-prices.json
import json, re, sys
from decimal import Decimal

src = json.load(open(sys.argv[1]), parse_float=Decimal, parse_int=Decimal)
commit, date = sys.argv[2], sys.argv[3]

CHAT = {"gpt-4","gpt-4-0314","gpt-4-0613","gpt-4-32k","gpt-4-32k-0314","gpt-4-32k-0613","gpt-3.5-turbo","gpt-35-turbo",
        "gpt-3.5-turbo-0301","gpt-3.5-turbo-0613","gpt-3.5-turbo-1106","gpt-3.5-turbo-16k","gpt-3.5-turbo-16k-0613",
        "gpt-4-1106-preview","gpt-4-vision-preview","gpt-4o-2024-05-13","gpt-4o"}

def encoding(tm):
    if tm.startswith(("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4")): return "o200k_base"
    if tm.startswith(("gpt-4", "gpt-3.5", "gpt-35", "text-embedding-")) or tm in ("davinci-002", "babbage-002"): return "cl100k_base"
    if tm in ("text-davinci-003", "text-davinci-002") or tm.startswith(("code-davinci", "code-cushman", "davinci-codex", "cushman-codex")): return "p50k_base"
    if tm in ("text-davinci-001","text-curie-001","text-babbage-001","text-ada-001","davinci","curie","babbage","ada"): return "r50k_base"
    raise SystemExit("unknown tokenizer model " + tm)

def num(d):
    d = (d * Decimal(1000000)).normalize()
    s = format(d, 'f')
    return "__NUM__" + s

def tokenizer(m):
    tid = m.get("tokenizerId")
    if tid is None: return None
    if tid == "claude": return {"id": "claude"}
    cfg = m["tokenizerConfig"]
    tm = cfg["tokenizerModel"]
    name = m["modelName"]
    chat = tm in CHAT
    # Langfuse points gpt-4.1 and gpt-5 models at the gpt-4 tokenizer; they use o200k_base.
    if tm == "gpt-4" and name.startswith(("gpt-4.1", "gpt-5")):
        tm = "gpt-4.1" if name.startswith("gpt-4.1") else "gpt-5"
        chat = True
    out = {"id": "openai", "model": tm, "encoding": encoding(tm)}
    if chat:
        out["tokensPerMessage"] = int(cfg["tokensPerMessage"])
        out["tokensPerName"] = int(cfg["tokensPerName"])
    return out

def condition(c):
    if "source" in c:
        return {"source": c["source"], "key": c["key"], "operator": c["operator"], "values": c["values"]}
    return {"usageDetailPattern": c["usageDetailPattern"], "operator": c["operator"],
            "value": "__NUM__" + format(c["value"], 'f'), "caseSensitive": bool(c.get("caseSensitive", False))}

# Langfuse's names for these entries do not match their own patterns; use the API spelling.
NAME_FIXES = {
    "gpt-4-turbo-vision": "gpt-4-vision-preview",
    "claude-3.5-sonnet-20241022": "claude-3-5-sonnet-20241022",
    "claude-3.5-sonnet-latest": "claude-3-5-sonnet-latest",
    "claude-3.5-haiku-latest": "claude-3-5-haiku-latest",
    "claude-3.7-sonnet-latest": "claude-3-7-sonnet-latest",
}

models = []
for m in src:
    m["modelName"] = NAME_FIXES.get(m["modelName"], m["modelName"])
    tiers = sorted(m["pricingTiers"], key=lambda t: int(t["priority"]))
    default = [t for t in tiers if t["isDefault"]]
    assert len(default) == 1
    out = {"id": m["modelName"], "modelName": m["modelName"], "matchPattern": m["matchPattern"].replace("\\/", "/")}
    tok = tokenizer(m)
    if tok: out["tokenizer"] = tok
    out["prices"] = {k: num(v) for k, v in default[0]["prices"].items()}
    others = [t for t in tiers if not t["isDefault"]]
    if others:
        out["tiers"] = [{"name": t["name"], "priority": "__NUM__" + str(int(t["priority"])),
                         "conditions": [condition(c) for c in t["conditions"]],
                         "prices": {k: num(v) for k, v in t["prices"].items()}} for t in others]
    models.append(out)

doc = {
  "$comment": [
    "Glasshouse built-in model prices. Schema and rules: docs/model-prices.md.",
    "Prices are USD per 1,000,000 units of the usage key (tokens unless the key says otherwise, e.g. grounding_queries).",
    "Model names, match patterns, prices and tiers are the facts of langfuse/langfuse worker/src/constants/default-model-prices.json",
    "at commit " + commit + " (" + date + "), rewritten in this format."
  ],
  "priceUnit": "USD per 1000000 units",
  "models": models,
}
def inline(v):
    return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))

def emit_prices(prices, ind):
    rows = [ind + "  " + json.dumps(k) + ": " + json.dumps(v) for k, v in prices.items()]
    return "{\n" + ",\n".join(rows) + "\n" + ind + "}"

def emit_model(m):
    ind = "      "
    rows = []
    for k, v in m.items():
        if k == "prices":
            rows.append(ind + '"prices": ' + emit_prices(v, ind))
        elif k == "tiers":
            tiers = []
            for t in v:
                tind = ind + "    "
                trows = [tind + '"name": ' + json.dumps(t["name"], ensure_ascii=False),
                         tind + '"priority": ' + json.dumps(t["priority"]),
                         tind + '"conditions": [' + ", ".join(inline(c) for c in t["conditions"]) + "]",
                         tind + '"prices": ' + emit_prices(t["prices"], tind)]
                tiers.append(ind + "  {\n" + ",\n".join(trows) + "\n" + ind + "  }")
            rows.append(ind + '"tiers": [\n' + ",\n".join(tiers) + "\n" + ind + "]")
        else:
            rows.append(ind + json.dumps(k) + ": " + inline(v))
    return "    {\n" + ",\n".join(rows) + "\n    }"

head = json.dumps({k: v for k, v in doc.items() if k != "models"}, indent=2, ensure_ascii=False)[:-2]
text = head + ',\n  "models": [\n' + ",\n".join(emit_model(m) for m in models) + "\n  ]\n}"
text = re.sub(r'"__NUM__([^"]*)"', r'\1', text)
print(text)
