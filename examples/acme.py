"""Acme Robotics, the example org: 40 areas four levels deep, 60 people, roles and a handover.

It keeps a log of 15 decisions (some written as ADRs name people, by full name), taken by
whoever held each area on the day, billing's on both sides of its handover.

Run it to print the validation report of the clean org and of its broken variant::

    python examples/acme.py            # the clean org: no findings
    python examples/acme.py --broken   # every rule fires at least once

``build()`` returns the clean org; ``build_broken(on)`` returns a copy with one defect per
rule, dated relative to *on* so that the handover-gap rule (DA504) fires on that day, and
three decision records that break the decision rules (DA6xx).
"""

from __future__ import annotations

import datetime as dt
import sys

import distauth as da

PEOPLE = """
ana Ana Ruiz | bo Bo Li | cy Cy Park | dana Dana Okafor | eli Eli Novak | fay Fay Haddad
gus Gus Moreau | hana Hana Sato | ivo Ivo Petrov | jo Jo Mensah | kai Kai Larsen
lea Lea Brandt | mo Mo Aziz | nia Nia Campbell | oz Oz Demir | pia Pia Rossi | quinn Quinn Doyle
raj Raj Iyer | sol Sol Romero | tess Tess Walsh | uma Uma Nair | vic Vic Costa | wen Wen Zhou
xan Xan Ortiz | yara Yara Haddad | zeb Zeb Fischer | abe Abe Lindqvist | bea Bea Santos
cal Cal Murphy | dev Dev Kapoor | eva Eva Kowalski | finn Finn Byrne | gia Gia Conti
hal Hal Becker | ines Ines Duarte | jay Jay Kim | kim Kim Andersen | lou Lou Girard
max Max Weber | nel Nel Jansen | ola Ola Nowak | pat Pat Quinn | rae Rae Tanaka | sam Sam Ito
tom Tom Keane | uli Uli Vogel | val Val Moreno | will Will Hart | xia Xia Lin | yu Yu Chen
zoe Zoe Adams | ari Ari Cohen | ben Ben Osei | cleo Cleo Marsh | dov Dov Segal
emi Emi Mori | fred Fred Olsen | gwen Gwen Price | hugo Hugo Lambert | iris Iris Berg
"""

# id, name, parent, DRI, advisors, purpose, scopes
AREAS: list[tuple[str, str, str | None, str, tuple[str, ...], str, tuple[str, ...]]] = [
    ("company", "Acme Robotics", None, "ana", ("bo", "dana"),
     "Build and sell robots people love", ()),
    # -- level 2
    ("product", "Product", "company", "bo", ("cy", "eli"),
     "Decide what we build and why", ("product/**",)),
    ("engineering", "Engineering", "company", "cy", ("bo", "fay"),
     "Build it well", ("repo:**", "engineering/**")),
    ("go-to-market", "Go to market", "company", "dana", ("gus", "hana"),
     "Find and keep customers", ("gtm/**", "budget:gtm/**")),
    ("finance", "Finance", "company", "eli", ("ana", "ivo"),
     "Keep the company solvent", ("finance/**", "budget:company/**")),
    ("people", "People", "company", "fay", ("jo", "kai"),
     "Hire, grow and keep great people", ("people/**",)),
    ("operations", "Operations", "company", "gus", ("lea", "mo"),
     "Keep the company running", ("ops/**",)),
    # -- level 3: product
    ("product-core", "Core product", "product", "hana", ("nia",),
     "Own the robot's core features", ("product/core/**",)),
    ("product-design", "Design", "product", "ivo", ("oz",),
     "Make the product a joy to use", ("product/design/**",)),
    ("product-research", "Research", "product", "jo", ("pia",),
     "Learn what customers need", ("product/research/**",)),
    # -- level 3: engineering
    ("platform", "Platform", "engineering", "kai", ("quinn",),
     "Run the systems everything runs on",
     ("repo:platform/**", "engineering/platform/**")),
    ("apps", "Apps", "engineering", "lea", ("raj",), "Ship the apps customers use",
     ("repo:apps/**",)),
    ("data", "Data", "engineering", "mo", ("sol",), "Turn data into decisions",
     ("repo:data/**",)),
    ("security", "Security", "engineering", "security-officer", ("tess",),
     "Keep customers and company safe", ("repo:security/**", "engineering/security/**")),
    ("quality", "Quality", "engineering", "nia", ("uma",), "Catch defects before customers do",
     ("repo:tests/**", "engineering/quality/**")),
    # -- level 3: go to market
    ("sales", "Sales", "go-to-market", "oz", ("vic",), "Win customers",
     ("gtm/sales/**",)),
    ("marketing", "Marketing", "go-to-market", "pia", ("wen",), "Make Acme known",
     ("gtm/marketing/**", "budget:gtm/marketing/**")),
    ("customer-success", "Customer success", "go-to-market", "quinn", ("xan",),
     "Keep customers successful", ("gtm/customers/**",)),
    ("partnerships", "Partnerships", "go-to-market", "raj", ("yara",),
     "Grow through partners", ("gtm/partners/**",)),
    # -- level 3: finance
    ("accounting", "Accounting", "finance", "sol", ("zeb",), "Keep the books right",
     ("finance/accounting/**",)),
    ("billing", "Billing", "finance", "billing-lead", ("bo", "abe"),
     "Get paid for what we ship", ("finance/billing/**",)),
    ("procurement", "Procurement", "finance", "tess", ("bea",), "Buy well",
     ("finance/procurement/**",)),
    ("planning", "Planning and analysis", "finance", "uma", ("cal",),
     "Plan the money", ("finance/planning/**", "budget:company/*/forecast")),
    # -- level 3: people
    ("recruiting", "Recruiting", "people", "vic", ("dev",), "Hire the right people",
     ("people/recruiting/**",)),
    ("people-ops", "People operations", "people", "wen", ("eva",),
     "Pay people right and on time", ("people/ops/**", "people/policies/*.md")),
    ("learning", "Learning", "people", "xan", ("finn",), "Help people grow",
     ("people/learning/**",)),
    # -- level 3: operations
    ("legal", "Legal", "operations", "yara", ("gia",), "Keep us on the right side of the law",
     ("ops/legal/**",)),
    ("it", "IT", "operations", "zeb", ("hal",), "Equip everyone to work",
     ("ops/it/**",)),
    ("facilities", "Facilities", "operations", "abe", ("ines",), "Run the offices",
     ("ops/facilities/**",)),
    # -- level 4
    ("infra", "Infrastructure", "platform", "bea", ("jay",), "Keep the servers up",
     ("repo:platform/infra/**",)),
    ("developer-tools", "Developer tools", "platform", "cal", ("kim",),
     "Make engineers fast", ("repo:platform/tools/**",)),
    ("web", "Web app", "apps", "dev", ("lou",), "Ship the web app", ("repo:apps/web/**",)),
    ("mobile", "Mobile apps", "apps", "eva", ("max",), "Ship the mobile apps",
     ("repo:apps/mobile/**",)),
    ("analytics", "Analytics", "data", "finn", ("nel",), "Answer questions with data",
     ("repo:data/analytics/**",)),
    ("ml", "Machine learning", "data", "gia", ("ola",), "Teach the robots",
     ("repo:data/ml/**",)),
    ("sales-emea", "Sales EMEA", "sales", "hal", ("pat",), "Win customers in EMEA",
     ("gtm/sales/emea/**",)),
    ("sales-americas", "Sales Americas", "sales", "ines", ("rae",),
     "Win customers in the Americas", ("gtm/sales/americas/**",)),
    ("brand", "Brand", "marketing", "jay", ("sam",), "Look and sound like Acme",
     ("gtm/marketing/brand/**",)),
    ("events", "Events", "marketing", "kim", ("tom",), "Meet customers in person",
     ("gtm/marketing/events/**", "budget:gtm/marketing/events")),
    ("payroll", "Payroll", "accounting", "lou", ("uli",), "Pay everyone correctly",
     ("finance/accounting/payroll/**",)),
]  # fmt: skip

ROLES = [
    da.Role(
        "billing-lead",
        name="Billing lead",
        area="billing",
        purpose="Lead billing",
        accountabilities=("Invoices go out on time", "Refund policy"),
        holders=("max",),
    ),
    da.Role(
        "security-officer",
        name="Security officer",
        area="security",
        purpose="Own security risk",
        accountabilities=("Incident response", "Access reviews"),
        holders=("nel",),
    ),
]

#: The day the billing lead hands over to an acting DRI.
HANDOVER = dt.date(2027, 1, 1)


def _decision(ident: str, title: str, day: str, **fields: object) -> da.DecisionRecord:
    return da.DecisionRecord(ident, title=title, date=dt.date.fromisoformat(day), **fields)  # type: ignore[arg-type]


#: The decision log: each taken by the DRI of its area on its day, after hearing its advisors.
DECISIONS = [
    _decision("monorepo", "Keep all code in one repository", "2026-09-01",
              area="engineering", decided_by=("cy",), consulted=("bo", "fay")),
    _decision("invoice-currency", "Invoice in the customer's currency", "2026-10-05",
              area="billing", decided_by=("Max Weber",), consulted=("Bo Li", "Abe Lindqvist")),
    _decision("hq-lisbon", "Open the second office in Lisbon", "2026-10-12",
              area="company", decided_by=("ana",), consulted=("bo", "dana"),
              status="superseded by hq-porto"),
    _decision("payment-processor", "Take card payments through one processor", "2026-11-12",
              area="billing", decided_by=("billing-lead",), consulted=("bo", "abe"),
              informed=("eli",)),
    _decision("hq-porto", "Open the second office in Porto instead", "2026-11-20",
              area="company", decided_by=("ana",), consulted=("bo", "dana")),
    _decision("ci-runners", "Run CI on our own runners", "2026-11-23",
              resources=("repo:platform/ci",), decided_by=("kai",), consulted=("quinn",)),
    _decision("refund-window", "Refunds within 30 days, no questions asked", "2026-12-20",
              area="billing", decided_by=("max",), consulted=("bo", "abe"), dissent=("eli",),
              rationale="Refunds cost less than the support they save; Eli's worry about "
              "abuse is met by a monthly review."),
    _decision("dunning", "Remind late payers three times before pausing", "2027-01-01",
              area="billing", decided_by=("ola",), consulted=("bo", "abe")),
    _decision("ledger-export", "Export invoices to the ledger nightly", "2027-01-14",
              resources=("finance/billing/invoices", "finance/accounting/ledger"),
              decided_by=("eli",), consulted=("ana", "ivo")),
    _decision("k8s", "Run services on Kubernetes", "2027-01-20",
              resources=("repo:platform/infra/k8s",), decided_by=("bea",), consulted=("jay",)),
    _decision("sso", "Single sign-on for every internal tool", "2027-02-02",
              area="security", decided_by=("nel",), consulted=("tess",)),
    _decision("web-framework", "Keep the web app on one framework", "2027-02-10",
              area="web", decided_by=("dev",), consulted=("lou",)),
    _decision("emea-pricing", "One price list for EMEA", "2027-02-15",
              area="sales", decided_by=("oz",), consulted=("vic",), informed=("hal",)),
    _decision("brand-refresh", "Refresh the logo for the tenth year", "2027-03-01",
              area="marketing", decided_by=("pia",), consulted=("wen",), informed=("dana",)),
    _decision("payroll-monthly", "Pay salaries monthly everywhere", "2027-03-10",
              area="people-ops", decided_by=("wen",), consulted=("eva",)),
]  # fmt: skip


def build() -> da.Org:
    """The clean Acme Robotics org: ``validate`` finds nothing, on any day."""
    org = da.Org(
        name="Acme Robotics",
        resources=(
            "finance/billing/invoices",
            "repo:apps/web/src/app.ts",
            "people/policies/leave.md",
        ),
    )
    for chunk in PEOPLE.split("|"):
        for entry in chunk.strip().splitlines():
            ident, name = entry.strip().split(" ", 1)
            org.add(da.Person(ident, name=name, email=f"{ident}@acme.example"))
    org.add(*ROLES)
    for ident, name, parent, dri, advisors, purpose, scopes in AREAS:
        area = da.Area(
            ident, name=name, parent=parent, purpose=purpose, scopes=scopes, advisors=advisors
        )
        org.add(area)
        if ident == "billing":
            # The billing lead hands over to an acting DRI at the turn of the year.
            org.add(
                da.DRI("billing", "billing-lead", end=HANDOVER),
                da.DRI("billing", "ola", start=HANDOVER, acting=True),
            )
        else:
            org.add(da.DRI(ident, dri))
    org.add(*DECISIONS)
    return org


def build_broken(on: dt.date) -> da.Org:
    """A copy of the org with defects that make every rule fire at least once on day *on*."""
    org = build()
    # DA101 unowned-area, and DA402 for its children: product-design has no DRI.
    org.remove(da.DRI("product-design", "ivo"))
    org.add(da.Area("design-system", parent="product-design", purpose="Shared UI parts",
                    advisors=("oz",)), da.DRI("design-system", "pat"))  # fmt: skip
    # DA102 multiple-dris: two people run recruiting.
    org.add(da.DRI("recruiting", "rae"))
    # DA103 unknown-dri: a typo in a DRI.
    org.remove(da.DRI("learning", "xan"))
    org.add(da.DRI("learning", "xna"))
    # DA104 inactive-dri: cy left.
    org.replace(da.Person("cy", name="Cy Park", email="cy@acme.example", active=False))
    # DA105 ambiguous-role-dri: the security officer role has two holders.
    org.replace(
        da.Role("security-officer", area="security", holders=("nel", "ola"), purpose="Own risk")
    )
    # DA201 unknown-reference and DA402: a parent that does not exist.
    org.replace(da.Area("it", parent="operatons", purpose="Equip everyone", advisors=("hal",)))
    # DA202 area-cycle: two areas name each other as parent.
    org.add(
        da.Area("skunkworks", parent="moonshots", purpose="Try wild ideas", advisors=("sam",)),
        da.Area("moonshots", parent="skunkworks", purpose="Fund wild ideas", advisors=("sam",)),
        da.DRI("skunkworks", "sam"),
        da.DRI("moonshots", "tom"),
    )
    # DA203 wrong-kind-reference: a person named as parent.
    org.replace(da.Area("facilities", parent="gus", purpose="Run the offices", advisors=("ines",)))
    # DA301 overlapping-authority: customer success also claims sales renewals.
    org.replace(
        da.Area("customer-success", parent="go-to-market", purpose="Keep customers",
                advisors=("xan",), scopes=("gtm/customers/**", "gtm/sales/renewals/**"))
    )  # fmt: skip
    # DA302 scope-outside-parent: analytics claims a repository its parent, data, does not hold.
    org.replace(
        da.Area("analytics", parent="data", purpose="Answer questions", advisors=("nel",),
                scopes=("repo:data/analytics/**", "repo:reports/**"))
    )  # fmt: skip
    # DA303 uncovered-resource: nobody owns the handbook.
    org.resources = (*org.resources, "hr/handbook")
    # DA401 escalation-cycle and DA403 escalation-not-upward: legal escalates down to a child.
    org.add(
        da.Area("contracts", parent="legal", purpose="Review contracts", advisors=("gia",)),
        da.DRI("contracts", "uli"),
    )
    org.replace(
        da.Area("legal", parent="operations", escalates_to="contracts",
                purpose="Keep us lawful", advisors=("gia",))
    )  # fmt: skip
    # DA404 no-independent-escalation: one person on every step.
    org.add(
        da.Area("side-project", purpose="A one-person show", advisors=("will",)),
        da.Area("side-project-web", parent="side-project", purpose="Its site", advisors=("xia",)),
        da.DRI("side-project", "will"),
        da.DRI("side-project-web", "will"),
    )
    # DA505 absent-without-deputy: yu is away over the day checked, and misc has no deputy.
    org.add(da.Absence("yu", start=on - dt.timedelta(days=3), end=on + dt.timedelta(days=7)))
    # DA506 single-point-of-failure: will also runs the side project's docs; if will left,
    # nobody would decide for any of its three areas.
    org.add(
        da.Area("side-project-docs", parent="side-project", purpose="Its docs", advisors=("xia",)),
        da.DRI("side-project-docs", "will"),
    )
    # DA501 overloaded-person: zoe is DRI of eleven areas.
    for i in range(11):
        org.add(
            da.Area(f"task-force-{i}", parent="operations", purpose="Temporary",
                    advisors=("gus",)),
            da.DRI(f"task-force-{i}", "zoe"),
        )  # fmt: skip
    # DA502 no-advisors and DA503 missing-purpose.
    org.add(da.Area("misc", parent="company"), da.DRI("misc", "yu"))
    # DA504 handover-gap: facilities' DRI leaves in ten days and nobody takes over.
    org.remove(da.DRI("facilities", "abe"))
    org.add(da.DRI("facilities", "abe", end=on + dt.timedelta(days=10)))
    # DA106 no-single-dri: a team decides for the help desk.
    org.add(
        da.Role("support-team", purpose="Answer customers", holders=("ana", "bo"),
                handles=("@acme/support",), collective=True),
        da.Area("help-desk", parent="operations", purpose="Answer customers", advisors=("gus",)),
        da.DRI("help-desk", "support-team"),
    )  # fmt: skip
    # DA107 non-human-dri: a bot is accountable for releases.
    org.add(
        da.Person("release-bot", name="Release bot", kind="bot", handles=("@acme-release[bot]",)),
        da.Area("releases", parent="operations", purpose="Ship builds", advisors=("gus",)),
        da.DRI("releases", "release-bot"),
    )
    # DA204 duplicate-handle: two people claim the same GitHub login.
    org.replace(da.Person("ana", name="Ana Ruiz", email="ana@acme.example", handles=("@ana-r",)))
    org.replace(da.Person("ari", name="Ari Cohen", email="ari@acme.example", handles=("@Ana-R",)))
    # DA601, DA602, DA605, DA606, DA607, DA608: a pricing agent decided for billing alone,
    # heard nobody it should have, went over Bo's dissent without a word, and points to a
    # successor record that was never written.
    org.add(
        da.Person("pricing-agent", name="Pricing agent", kind="agent"),
        _decision("agent-discounts", "Discount every renewal by 15%", "2027-01-05",
                  area="billing", decided_by=("pricing-agent",), consulted=("Pat Quin",),
                  dissent=("bo",), status="superseded by agent-discounts-v2"),
    )  # fmt: skip
    # DA603 and DA604: a decision about renewals, which two areas claim (DA301), and about
    # the handbook, which nobody owns (DA303).
    org.add(
        _decision("renewal-handbook", "Document renewal discounts in the handbook",
                  "2027-01-06", resources=("gtm/sales/renewals/q1", "hr/handbook"),
                  decided_by=("quinn",), consulted=("xan",))
    )  # fmt: skip
    # DA609: a decision that says neither its area nor what it is about.
    org.add(_decision("offsite", "Hold the offsite in spring", "2027-01-07",
                      decided_by=("ana",)))  # fmt: skip
    return org


def main(argv: list[str]) -> int:
    """Print the validation report of the example org (``--broken`` for the broken one)."""
    on = dt.date.today()
    org = build_broken(on) if "--broken" in argv else build()
    report = da.validate(org, on=on)
    print(f"{org.name}: {len(org.areas)} areas, {len(org.people)} people")
    print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
