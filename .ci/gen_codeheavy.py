#!/usr/bin/env python3
"""A code-heavy synthetic handbook, shaped like a real MkDocs handbook.

gen_codeheavy.py OUT_DIR [--hugo]
Writes 180 pages in 12 sections, about 5 MB of markdown with 2,700 fenced
code blocks (15 per page) in the languages such handbooks use: Python most,
then YAML, JSON, shell, SQL, Go, Java and TypeScript, 10 to 60 lines each,
every block distinct. With --hugo, section index pages are named _index.md.
Deterministic: the same output every run.
"""
import os, random, sys

WORDS = ("ownership latency budget incident review design roadmap hiring quarter "
         "tradeoff partition replica cache throughput customer metric decision "
         "escalation rotation service queue retry backoff deadline shard").split()

PY = '''import statistics
from dataclasses import dataclass, field


@dataclass
class {C}:
    """Scores for one {w} review, {n} rounds."""
    name: str
    scores: list[float] = field(default_factory=list)
    weight: float = {f}

    def average(self) -> float:
        if not self.scores:
            return 0.0
        return statistics.mean(self.scores) * self.weight

    def passed(self, bar: float = {f}) -> bool:
        return self.average() >= bar and len(self.scores) > {n}


def rank_{w}(people: list[{C}]) -> list[str]:
    ordered = sorted(people, key=lambda p: (p.average(), p.name), reverse=True)
    return [f"{{p.name}}: {{p.average():.2f}}" for p in ordered[:{n}]]
'''
YAML = '''service: {w}-{k}
owner: team-{w}
slo:
  availability: 99.{n}
  latency_p99_ms: {n}0
alerts:
  - name: {w}_error_rate
    expr: rate(errors_total{{service="{w}"}}[5m]) > 0.0{n}
    for: {n}m
    severity: page
  - name: {w}_saturation
    expr: queue_depth{{service="{w}"}} > {n}00
    severity: ticket
rotation:
  primary: [alice, bob, carol]
  handoff: "Mon 10:00"
'''
JSON = '''{{
  "id": "{w}-{k}",
  "rounds": [
    {{"name": "{w} design", "minutes": {n}5, "signals": ["scope", "tradeoffs", "{w}"]}},
    {{"name": "behavioural", "minutes": 45, "signals": ["ownership", "conflict"]}},
    {{"name": "bar raiser", "minutes": 60, "veto": true}}
  ],
  "weights": {{"design": 0.{n}, "behavioural": 0.3, "bar": {f}}},
  "active": true,
  "notes": null
}}
'''
SH = '''#!/usr/bin/env bash
set -euo pipefail
# Roll {w} back to the last good release.
service="{w}-{k}"
release=$(aws deploy list-deployments --application-name "$service" \\
  --query 'deployments[{n}]' --output text)
for region in us-east-1 eu-west-1 ap-south-1; do
  echo "rolling back $service in $region to $release"
  aws deploy create-deployment --region "$region" \\
    --application-name "$service" --revision "$release" || exit {n}
done
if [[ -n "${{NOTIFY:-}}" ]]; then curl -fsS -X POST "$NOTIFY" -d "{w} rolled back"; fi
'''
SQL = '''-- Incidents for {w} by severity, last {n} quarters
SELECT team,
       severity,
       COUNT(*) AS incidents,
       AVG(EXTRACT(EPOCH FROM resolved_at - opened_at) / 60) AS mttr_minutes
FROM incidents
WHERE service = '{w}-{k}'
  AND opened_at > NOW() - INTERVAL '{n} months'
GROUP BY team, severity
HAVING COUNT(*) > {n}
ORDER BY mttr_minutes DESC
LIMIT 10;
'''
GO = '''package {w}

import (
	"context"
	"errors"
	"time"
)

// Err{C} is returned when no shift covers the time.
var Err{C} = errors.New("{w}: nobody on call")

type Shift struct {{
	Engineer string
	Start    time.Time
	Hours    int
}}

func Current{C}(ctx context.Context, shifts []Shift, now time.Time) (Shift, error) {{
	for _, s := range shifts {{
		if err := ctx.Err(); err != nil {{
			return Shift{{}}, err
		}}
		end := s.Start.Add(time.Duration(s.Hours) * time.Hour)
		if !now.Before(s.Start) && now.Before(end) && s.Hours > {n} {{
			return s, nil
		}}
	}}
	return Shift{{}}, Err{C}
}}
'''
JAVA = '''public final class {C} implements Comparable<{C}> {{
    private final String name;
    private final double score;

    public {C}(String name, double score) {{
        this.name = java.util.Objects.requireNonNull(name);
        this.score = score * {f};
    }}

    @Override
    public int compareTo({C} other) {{
        return Double.compare(other.score, score); // best first, {n} rounds
    }}

    @Override
    public String toString() {{
        return String.format("%s (%.2f)", name, score);
    }}
}}
'''
TS = '''export interface {C} {{
  id: string;
  rounds: number;
  scores: readonly number[];
}}

export function summarise{C}(items: {C}[], bar = {f}): string[] {{
  return items
    .filter((i) => i.rounds >= {n} && i.scores.length > 0)
    .map((i) => {{
      const mean = i.scores.reduce((a, b) => a + b, 0) / i.scores.length;
      return `${{i.id}}: ${{mean.toFixed(2)}} ${{mean >= bar ? "hire" : "no hire"}}`;
    }});
}}
'''
LANGS = [("python", PY)] * 5 + [("yaml", YAML)] * 2 + [("json", JSON), ("bash", SH), ("sql", SQL),
         ("go", GO), ("java", JAVA), ("typescript", TS), ("python", PY), ("yaml", YAML)]


def para(r, n):
    return " ".join(r.choice(WORDS) for _ in range(n)).capitalize() + "."


def block(r, k):
    lang, tpl = LANGS[k % len(LANGS)]
    w = r.choice(WORDS)
    code = tpl.format(C=f"{w.capitalize()}{k}", k=k, w=w, n=k % 9 + 1, f=f"0.{k % 97:02d}")
    # Longer blocks repeat a variation of the body, as real snippets vary in length.
    if r.random() < 0.4:
        code += "\n" + tpl.format(C=f"{w.capitalize()}{k}x", k=f"{k}x", w=w + "x", n=k % 7 + 2, f=f"0.{k % 89:02d}")
    return f"```{lang}\n{code}```\n"


def main():
    out, hugo = sys.argv[1], "--hugo" in sys.argv
    r = random.Random(7)
    idx = "_index.md" if hugo else "index.md"
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, idx), "w") as f:
        f.write("# Handbook\n\n" + "\n".join(f"- [Part {s}](part-{s:02d}/index.md)" for s in range(12)) + "\n")
    k = 0
    for s in range(12):
        d = os.path.join(out, f"part-{s:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, idx), "w") as f:
            f.write(f"# Part {s}\n\n{para(r, 40)}\n")
        for p in range(15):
            lines = [f"# Part {s} topic {p}: {para(r, 4)[:-1]}\n", para(r, 60) + "\n"]
            for h in range(15):
                lines.append(f"## Question {h}: {para(r, 5)[:-1]}\n")
                lines.append(para(r, 70) + "\n")
                if h % 3 == 0:
                    lines.append(f'!!! tip "{para(r, 3)[:-1]}"\n    {para(r, 50)}\n')
                lines.append(block(r, k))
                k += 1
                lines.append(para(r, 40) + "\n")
            with open(os.path.join(d, f"topic-{p:02d}.md"), "w") as f:
                f.write("\n".join(lines))


main()
