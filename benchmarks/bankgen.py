"""Generate knowledge banks of realistic shape for benchmarks.

The spec's types in the proportions of a municipal bank (mostly routines),
Swedish text drawn from the sample bank's own paragraphs, links between
pages and to heading anchors, partners with contacts, agreements, a glossary.
Deterministic for a given size and seed.

    python benchmarks/bankgen.py 1000 /tmp/bank-1000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARES = {"routine": 0.55, "template": 0.14, "partner": 0.15, "agreement": 0.11, "page": 0.05}
FOLDERS = {
    "routine": "rutiner",
    "template": "mallar",
    "partner": "samverkansparter",
    "agreement": "overenskommelser",
    "page": "guider",
}
OWNERS = [
    "enhetschef-etableringsboende",
    "enhetschef-stodboende",
    "samordnare-etablering",
    "arbetsmarknadsenheten",
    "myndighet-barn-unga",
    "redaktion",
]
TAGS = ["boende", "skola", "arbete", "hälsa", "ekonomi", "samverkan"]
ORG_TYPES = ["municipality", "region", "agency", "school", "company", "association", "other"]
FIRST = [
    "Amina",
    "Leila",
    "Johan",
    "Sara",
    "Omar",
    "Elin",
    "Yusuf",
    "Maria",
    "Karin",
    "Ali",
    "Fatima",
    "Erik",
    "Hassan",
    "Lina",
    "Samir",
    "Anna",
    "Nadia",
    "Per",
    "Ida",
    "Tariq",
]
LAST = [
    "Haddad",
    "Berg",
    "Lindqvist",
    "Mohammed",
    "Nilsson",
    "Karimi",
    "Ek",
    "Andersson",
    "Hussein",
    "Sjöberg",
    "Rahimi",
    "Holm",
    "Yilmaz",
    "Strand",
    "Ahmadi",
    "Lund",
]


def _sample_material() -> tuple[list[str], list[str]]:
    """Paragraphs and headings from the sample bank."""
    paragraphs: list[str] = []
    headings: list[str] = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for block in body.split("\n\n"):
            block = block.strip()
            if block.startswith("## "):
                headings.append(block[3:].split("\n")[0].strip())
            elif block and block[0].isalpha() and "](" not in block and len(block) > 80:
                paragraphs.append(block)
    return paragraphs, headings


def slug(text: str) -> str:
    """The anchor pymdownx.slugs.slugify(case='lower') gives a heading."""
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return re.sub(r" +", "-", text.strip())


def generate(size: int, out: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    paragraphs, headings = _sample_material()
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", out / "overrides")
    glossary = (ROOT / "docs" / "ordlista.md").read_text(encoding="utf-8")
    glossary = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", glossary)  # its links point elsewhere
    (docs / "ordlista.md").write_text(glossary, encoding="utf-8")

    counts = {t: max(1, round(size * share)) for t, share in SHARES.items()}
    plan = [(t, i) for t, n in counts.items() for i in range(n)]
    prefix = {
        "routine": "rutin",
        "template": "mall",
        "partner": "part",
        "agreement": "avtal",
        "page": "guide",
    }
    ids = {(t, i): f"{prefix[t]}-{i:05d}" for t, i in plan}
    page_headings = {key: rng.sample(headings, 5) for key in plan}
    partner_ids = [ids[("partner", i)] for i in range(counts["partner"])]
    phone = iter(range(10**9))

    for doc_type, index in plan:
        key = (doc_type, index)
        title = f"{rng.choice(headings)} {index}"
        lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
        if doc_type != "page":
            lines += [
                f"owner: {rng.choice(OWNERS)}",
                f"reviewed: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 20):02d}",
            ]
        lines += [
            f"tags: [{', '.join(rng.sample(TAGS, 2))}]",
            "summary: "
            + json.dumps(
                rng.choice(paragraphs).split(".")[0][:140].strip() + ".", ensure_ascii=False
            ),
        ]
        if doc_type in ("routine", "template"):
            lines.append(
                f"partners: [{', '.join(rng.sample(partner_ids, min(2, len(partner_ids))))}]"
            )
        if doc_type == "partner":
            lines += [
                f"org_type: {rng.choice(ORG_TYPES)}",
                f"website: https://{ids[key]}.example.org/",
                "contacts:",
            ]
            for _ in range(rng.randint(2, 4)):
                number = next(phone)
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                lines += [
                    f"  - name: {name}",
                    "    role: Kontaktperson",
                    f"    email: kontakt{number}@{ids[key]}.example.org",
                    f'    phone: "+46 70 {number // 10000 % 1000:03d} {number % 10000:04d}"',
                    f"    verified: 2026-{rng.randint(6, 11):02d}-{rng.randint(1, 20):02d}",
                ]
        if doc_type == "agreement":
            lines += [
                f"parties: [{rng.choice(partner_ids)}]",
                "valid_from: 2025-01-01",
                f"valid_until: {rng.randint(2027, 2029)}-12-31",
                "notice: 3 months",
            ]
        lines.append("---")
        body = [f"# {title}", ""]
        for heading in page_headings[key]:
            body += [f"## {heading}", ""]
            for _ in range(rng.randint(1, 3)):
                body += [rng.choice(paragraphs), ""]
            other = rng.choice(plan)
            target = f"../{FOLDERS[other[0]]}/{ids[other]}.md"
            anchor = slug(page_headings[other][rng.randrange(5)])
            body += [
                f"Läs mer i [{ids[other]}]({target}#{anchor}) och [ordlistan](../ordlista.md).",
                "",
            ]
        folder = docs / FOLDERS[doc_type]
        folder.mkdir(exist_ok=True)
        (folder / f"{ids[key]}.md").write_text("\n".join(lines + body) + "\n", encoding="utf-8")
    (docs / "index.md").write_text(
        "# Kunskapsbanken\n\nGenererad bank för mätningar.\n", encoding="utf-8"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.size, args.out, args.seed)


if __name__ == "__main__":
    main()
